package io.netauth.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingTest {

    @Test
    void textAndCodeAreCheckedByTheSameRuleAndNameTheKey() {
        Setting<Duration> ttl = CoreSettings.TOKEN_TTL;
        assertEquals(Duration.ofMinutes(5), ttl.parse(" 5m "));
        assertEquals("token-ttl: '2d' (expected: 1s to 1d)",
                assertThrows(InvalidSettingException.class, () -> ttl.parse("2d")).getMessage());
        assertEquals("token-ttl: '2d' (expected: 1s to 1d)",
                assertThrows(InvalidSettingException.class, () -> ttl.check(Duration.ofDays(2))).getMessage());
        assertEquals("token-ttl: 'soon' (expected: 1s to 1d)",
                assertThrows(InvalidSettingException.class, () -> ttl.parse("soon")).getMessage());
        assertEquals("token-ttl", assertThrows(InvalidSettingException.class, () -> ttl.parse("0s")).key());
    }

    @Test
    void eachKindReadsWhatPeopleWrite() {
        assertEquals(12, CoreSettings.BCRYPT_COST.parse("12"));
        assertEquals("bcrypt", CoreSettings.PASSWORD_HASH.parse("BCRYPT"));
        assertEquals("password-hash: 'md5' (expected: argon2id or bcrypt)", assertThrows(
                InvalidSettingException.class, () -> CoreSettings.PASSWORD_HASH.parse("md5")).getMessage());
        assertEquals(List.of(), Setting.list("l", v -> v, "x", "d").parse(""));
        assertEquals(List.of("a", "b"), Setting.list("l", v -> v, "x", "d").parse(" a, ,b "));
        assertEquals(true, Setting.flag("f", false, "d").parse("TRUE"));
        assertThrows(InvalidSettingException.class, () -> Setting.flag("f", false, "d").parse("yes"));
        assertThrows(InvalidSettingException.class, () -> CoreSettings.ISSUER.parse("  "));
        assertThrows(InvalidSettingException.class, () -> CoreSettings.DB_URL.parse("postgres://x"));
    }

    @Test
    void aValueGivenInCodeIsRefusedWhenItsTextWouldBe() {
        Setting<String> role = Setting.of("role", "admin", v -> {
            if (!v.matches("[a-z]+")) {
                throw new IllegalArgumentException(v);
            }
            return v;
        }, v -> v, "letters", "d");
        assertEquals("ops", role.check("ops"));
        assertThrows(InvalidSettingException.class, () -> role.check("no way"));
    }

    @Test
    void keysAreUniqueAndEveryDefaultIsInItsOwnRange() {
        Set<String> keys = new HashSet<>();
        for (Setting<?> setting : CoreSettings.all()) {
            assertTrue(keys.add(setting.key()), setting.key());
            assertEquals(setting.defaultValue(), setting.parse(setting.defaultText()), setting.key());
            assertTrue(!setting.description().isBlank(), setting.key());
        }
    }

    @Test
    void durationsReadAndWriteAsPeopleDo() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(90), Durations.parse("90s"));
        assertEquals(Duration.ofHours(2), Durations.parse("2h"));
        assertEquals(Duration.ofMinutes(15), Durations.parse("PT15M"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("15 minutes"));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals("7d", Durations.format(Duration.ofDays(7)));
        assertEquals("0s", Durations.format(Duration.ZERO));
    }

    @Test
    void relatedSettingsNameTheOneToChange() {
        Settings shortFamily = Settings.builder().set(CoreSettings.REFRESH_IDLE_LIFETIME, Duration.ofDays(7))
                .set(CoreSettings.REFRESH_ABSOLUTE_LIFETIME, Duration.ofDays(1)).build();
        assertEquals("refresh-absolute-lifetime: '1d' (expected: at least refresh-idle-lifetime (7d))",
                assertThrows(InvalidSettingException.class, () -> CoreSettings.checkRelations(shortFamily))
                        .getMessage());
        Settings clientMaxBelowBase = Settings.builder()
                .set(CoreSettings.THROTTLE_CLIENT_BASE_DELAY, Duration.ofSeconds(30))
                .set(CoreSettings.THROTTLE_CLIENT_MAX_DELAY, Duration.ofSeconds(10)).build();
        assertEquals("throttle-client-max-delay", assertThrows(InvalidSettingException.class,
                () -> CoreSettings.checkRelations(clientMaxBelowBase)).key());
    }
}
