package barter.chat.store;

/** A user's published public keys, raw bytes, as stored. */
public record UserKeys(String userId, byte[] agreementKey, byte[] signingKey, byte[] signature, long updatedAt) {
}
