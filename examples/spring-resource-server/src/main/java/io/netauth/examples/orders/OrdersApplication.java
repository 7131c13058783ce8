package io.netauth.examples.orders;

import java.util.List;
import java.util.Map;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.JwkSetUriJwtDecoderBuilderCustomizer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service protected by netauth: Spring Security's resource server, configured in application.properties with
 * netauth's issuer and this service's audience, and nothing else. Reading orders needs the
 * {@code orders.read} scope.
 */
@SpringBootApplication
@RestController
public class OrdersApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/orders").hasAuthority("SCOPE_orders.read")
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()));
        return http.build();
    }

    /**
     * netauth's client tokens are RFC 9068 access tokens, whose header says {@code typ: at+jwt}, and RFC 9068
     * section 4 asks a resource server to check exactly that. Spring Security 6.5's decoder accepts only
     * {@code JWT} by default, so this tells the decoder Boot builds from {@code issuer-uri} to require
     * {@code at+jwt} instead; everything else stays configuration.
     */
    @Bean
    JwkSetUriJwtDecoderBuilderCustomizer accessTokenType() {
        return builder -> builder.jwtProcessorCustomizer(processor -> processor.setJWSTypeVerifier(
                new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"))));
    }

    @GetMapping("/orders")
    Map<String, Object> orders(@AuthenticationPrincipal Jwt caller) {
        return Map.of("caller", caller.getSubject(), "orders", List.of("A-1", "A-2"));
    }
}
