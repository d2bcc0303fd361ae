package barter.chat.protocol;

import java.util.regex.Pattern;

/** The user id rule shared by JWT subjects, routes and frames: {@code [A-Za-z0-9_.-]{1,64}}. */
public final class UserIds {
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private UserIds() {
    }

    public static boolean isValid(String userId) {
        return userId != null && PATTERN.matcher(userId).matches();
    }
}
