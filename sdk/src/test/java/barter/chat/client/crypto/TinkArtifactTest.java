package barter.chat.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.HybridEncrypt;
import org.junit.jupiter.api.Test;

/**
 * The crypto tests prove something about the Tink artifact the build chose ({@code tink}, or {@code tink-android}
 * with {@code -Ptink-android}) only if that artifact is the one on the classpath.
 */
class TinkArtifactTest {

    @Test
    void theTinkOnTheClasspathIsTheOneTheBuildChose() {
        String chosen = System.getProperty("tink.artifact", "tink");
        String jar = HybridEncrypt.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertThat(jar).matches(".*/" + chosen + "-[0-9][^/]*\\.jar");
    }
}
