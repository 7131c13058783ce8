package io.netauth.core.session;

import io.netauth.core.UserAccount;
import java.time.Instant;
import java.util.List;

/**
 * A live browser session, as a request sees it.
 *
 * @param idHash   the SHA-256 of the cookie's id: the session's name in logs and the change feed
 * @param account  the signed-in user, enabled
 * @param amr      how they signed in (RFC 8176)
 * @param authTime when they signed in
 */
public record Session(String idHash, UserAccount account, List<String> amr, Instant authTime) {

    public Session {
        amr = List.copyOf(amr);
    }
}
