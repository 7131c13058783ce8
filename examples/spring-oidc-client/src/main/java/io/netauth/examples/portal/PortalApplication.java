package io.netauth.examples.portal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A web application whose people sign in with netauth: Spring Boot's {@code oauth2Login}, configured only by
 * {@code application.properties} (issuer, client id, secret). Every page needs a signed-in user; Spring sends a
 * stranger to netauth's sign-in page and back.
 */
@SpringBootApplication
@RestController
public class PortalApplication {

    public static void main(String[] args) {
        SpringApplication.run(PortalApplication.class, args);
    }

    /** The signed-in person, by the username of netauth's ID token. */
    @GetMapping(value = "/", produces = "text/plain")
    String home(@AuthenticationPrincipal OidcUser user) {
        return "Signed in as " + user.getIdToken().getPreferredUsername() + " with " + user.getIdToken()
                .getClaimAsStringList("amr");
    }
}
