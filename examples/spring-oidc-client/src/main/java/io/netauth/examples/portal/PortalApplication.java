package io.netauth.examples.portal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A web application whose people sign in with netauth: Spring Boot's {@code oauth2Login}, configured by
 * {@code application.properties} (issuer, client id, secret) and one bean that turns PKCE on. Every page needs a
 * signed-in user; Spring sends a stranger to netauth's sign-in page and back.
 */
@SpringBootApplication
@RestController
public class PortalApplication {

    public static void main(String[] args) {
        SpringApplication.run(PortalApplication.class, args);
    }

    /**
     * Spring Boot's default (every page signed in, {@code oauth2Login}), with PKCE: netauth requires it of every
     * client, as RFC 9700 section 2.1.1 and OAuth 2.1 advise, while Spring Security sends it by default only for
     * public clients. {@code withPkce()} adds {@code code_challenge} (S256) to each authorization request and the
     * {@code code_verifier} to the token request.
     */
    @Bean
    SecurityFilterChain security(HttpSecurity http, ClientRegistrationRepository registrations) throws Exception {
        DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
                registrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .oauth2Login(login -> login.authorizationEndpoint(endpoint -> endpoint
                        .authorizationRequestResolver(resolver)));
        return http.build();
    }

    /** The signed-in person, by the username of netauth's ID token. */
    @GetMapping(value = "/", produces = "text/plain")
    String home(@AuthenticationPrincipal OidcUser user) {
        return "Signed in as " + user.getIdToken().getPreferredUsername() + " with " + user.getIdToken()
                .getClaimAsStringList("amr");
    }
}
