package io.netauth.core;

import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a new password must be, after NIST SP 800-63B revision 4 (section 3.1.1.2): at least
 * {@code password-min-length} characters (Unicode code points) and at most {@link Passwords#MAX_LENGTH}; not one
 * of the 100,000 most common breached passwords; not the username, the issuer or its host name, nor the
 * product's name. No composition rules (no "one digit, one symbol"), no periodic change. Applied wherever a
 * password is set. Immutable and thread-safe; {@link #check} is CPU only (a binary search).
 */
public final class PasswordPolicy {

    private final int minLength;
    private final List<String> contextWords;

    private PasswordPolicy(int minLength, List<String> contextWords) {
        this.minLength = minLength;
        this.contextWords = List.copyOf(contextWords);
    }

    /** The policy of {@code password-min-length}, refusing also the {@code issuer} setting and its host. */
    public static PasswordPolicy from(Settings settings) {
        List<String> context = new ArrayList<>(List.of("netauth"));
        String issuer = settings.get(CoreSettings.ISSUER);
        context.add(issuer.toLowerCase(Locale.ROOT));
        String host = URI.create(issuer).getHost();
        if (host != null) {
            context.add(host.toLowerCase(Locale.ROOT));
        }
        BreachedPasswords.list(); // read the list now, at construction, never on a request's thread
        return new PasswordPolicy(settings.get(CoreSettings.PASSWORD_MIN_LENGTH), context);
    }

    /** The policy of the default settings. */
    public static PasswordPolicy defaults() {
        return from(Settings.defaults());
    }

    /**
     * Checks a new password for a user.
     *
     * @return the password
     * @throws WeakPasswordException with the reason, when the policy refuses it
     */
    public String check(String password, String username) {
        int length = password.codePointCount(0, password.length());
        if (length < minLength) {
            throw new WeakPasswordException("The password is too short: use at least " + minLength
                    + " characters. A few unrelated words make a long password that is easy to remember.");
        }
        if (length > Passwords.MAX_LENGTH) {
            throw new WeakPasswordException("The password is too long: use at most " + Passwords.MAX_LENGTH
                    + " characters.");
        }
        String folded = password.toLowerCase(Locale.ROOT);
        if (username != null && folded.equals(username.toLowerCase(Locale.ROOT))) {
            throw new WeakPasswordException("The password is the same as the username.");
        }
        if (contextWords.contains(folded)) {
            throw new WeakPasswordException("The password is the name of this service.");
        }
        if (BreachedPasswords.list().contains(password)) {
            throw new WeakPasswordException("This password is one of the most common passwords in published "
                    + "breaches, so attackers try it first. Choose another.");
        }
        return password;
    }
}
