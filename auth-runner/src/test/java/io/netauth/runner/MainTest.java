package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.config.Setting;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in process: parsing, errors and the users commands that need no terminal. */
class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        return Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpListsEveryConfigurationFlagWithItsVariable() {
        assertEquals(0, run(Map.of(), "--help"));
        for (Setting<?> key : RunnerSettings.all()) {
            assertTrue(out.toString().contains(key.flag()), key.flag());
            assertTrue(out.toString().contains(key.variable()), key.variable());
        }
    }

    @Test
    void aSecretsKeyFileOtherUsersCanReadStopsTheStartUnlessAllowed(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("secrets.key");
        java.nio.file.Files.writeString(keys, io.netauth.core.secret.SecretKeys.generateKey() + "\n");
        java.nio.file.Files.setPosixFilePermissions(keys,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        Map<String, String> env = Map.of("AUTH_DATA_DIR", dir.resolve("data").toString(),
                "AUTH_SECRETS_KEYS", keys.toString());
        assertEquals(2, run(env, "keys", "list"));
        assertTrue(err.toString().contains("error: secrets-keys: " + keys + " can be read or written by other "
                + "users (rw-r-----); make it its owner's alone with `chmod 600 " + keys + "`"), err.toString());
        assertEquals(0, run(env, "keys", "list", "--secret-files-readable", "true"), err.toString());
        java.nio.file.Files.setPosixFilePermissions(keys,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertEquals(0, run(env, "keys", "list"), err.toString());
    }

    @Test
    void aSecretGivenOnTheCommandLineIsWarnedOfWithTheVariableToUse(@TempDir Path dir) throws Exception {
        try (io.netauth.server.testing.LogCapture logs = io.netauth.server.testing.LogCapture.start()) {
            assertEquals(0, run(Map.of("AUTH_DATA_DIR", dir.toString()), "users", "list",
                    "--audit-key", "an audit key", "--db-password", ""));
            assertTrue(logs.text().contains("--audit-key was given on the command line, where every user of this "
                    + "machine can read it in the process list: set AUTH_AUDIT_KEY"), logs.text());
            assertFalse(logs.text().contains("--db-password"), "an empty password is no secret: " + logs.text());
            assertFalse(logs.text().contains("an audit key"), "the warning never repeats the secret");
        }
        try (io.netauth.server.testing.LogCapture logs = io.netauth.server.testing.LogCapture.start()) {
            assertEquals(0, run(Map.of("AUTH_DATA_DIR", dir.toString(), "AUTH_AUDIT_KEY", "an audit key"),
                    "users", "list"));
            assertFalse(logs.text().contains("command line"), "a variable is not in the process list");
        }
    }

    @Test
    void anImportWithAHugeLineStopsWithOneLineNamingItAndImportsNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users.csv");
        try (java.io.Writer out = java.nio.file.Files.newBufferedWriter(file)) {
            out.write("alice,$2b$10$abcdefghijklmnopqrstuu23JPZtHcGhwXSF41f93o/7vBdDut3Xu\n");
            for (int i = 0; i < 150; i++) { // a 150 MB line, as an attacker's or a broken export's
                out.write("y".repeat(1 << 20));
            }
            out.write("\n");
        }
        Map<String, String> env = Map.of("AUTH_DATA_DIR", dir.resolve("data").toString());
        assertEquals(2, run(env, "users", "import", file.toString()));
        assertTrue(err.toString().contains("error: line 2: longer than 65536 characters"), err.toString());
        assertFalse(err.toString().contains("OutOfMemoryError"), err.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run(env, "users", "list"));
        assertFalse(out.toString().contains("alice"), "nothing of the file: " + out);
    }

    @Test
    void badConfigurationExitsWithAMessageNamingTheKey() {
        assertEquals(2, run(Map.of(), "--port", "x"));
        assertTrue(err.toString().contains("error: port: 'x'"), err.toString());
    }

    @Test
    void usersCommandsTakeTheDatabaseOptions(@TempDir Path dir) {
        Map<String, String> env = Map.of("AUTH_DATA_DIR", dir.toString());
        assertEquals(0, run(env, "users", "list"));
        assertTrue(out.toString().startsWith("USERNAME"), out.toString());
        assertEquals(2, run(env, "users", "disable", "ghost"));
        assertTrue(err.toString().contains("no user named ghost"), err.toString());
        assertEquals(2, run(Map.of(), "users", "list", "--data-dir", dir.toString(), "--db-pool-size", "0"));
        assertTrue(err.toString().contains("db-pool-size"), err.toString());
    }

    @Test
    void clientsCommandsAddListRotateDisableAndRemove(@TempDir Path dir) {
        Map<String, String> env = Map.of("AUTH_DATA_DIR", dir.toString());
        assertEquals(0, run(env, "clients", "add", "billing", "--scopes", "invoices.read,invoices.write",
                "--audience", "https://billing.example", "--ttl", "5m"));
        String[] added = out.toString().split("\\R");
        assertEquals(2, added.length, out.toString());
        assertTrue(added[0].matches("client_id: [A-Za-z0-9_-]{22}"), added[0]);
        assertTrue(added[1].matches("client_secret: [A-Za-z0-9_-]{43}"), added[1]);
        String secret = added[1].substring("client_secret: ".length());

        out.getBuffer().setLength(0);
        assertEquals(0, run(env, "clients", "list"));
        assertTrue(out.toString().contains("billing") && out.toString().contains("invoices.read,invoices.write")
                && out.toString().contains("https://billing.example"), out.toString());
        assertTrue(!out.toString().contains(secret), "a secret is shown once only");

        out.getBuffer().setLength(0);
        assertEquals(0, run(env, "clients", "rotate-secret", "billing", "--keep-old", "24h"));
        assertTrue(out.toString().matches("client_secret: [A-Za-z0-9_-]{43}\\R"), out.toString());
        assertEquals(0, run(env, "clients", "disable", "billing"));
        assertEquals(0, run(env, "clients", "enable", "billing"));
        assertEquals(0, run(env, "clients", "remove", "billing"));
        assertEquals(2, run(env, "clients", "remove", "billing"));
        assertTrue(err.toString().contains("No client named 'billing'"), err.toString());
        assertEquals(2, run(env, "clients", "add", "x", "--grants", "password"));
        assertTrue(err.toString().contains("Unknown grant type 'password'"), err.toString());
        assertEquals(2, run(env, "clients", "add", "y", "--ttl", "3d"));
        assertTrue(err.toString().contains("--ttl"), err.toString());
    }

    @Test
    void keysRotateMakesANewActiveKeyAndListShowsBoth(@TempDir Path dir) {
        Map<String, String> env = Map.of("AUTH_DATA_DIR", dir.toString());
        assertEquals(0, run(env, "keys", "list"));
        String[] first = out.toString().split("\\R");
        assertEquals(2, first.length, out.toString());
        String oldKid = first[1].split("\\s+")[0];
        assertTrue(first[1].contains("RS256") && first[1].contains("active (signs)"), first[1]);

        out.getBuffer().setLength(0);
        assertEquals(0, run(env, "keys", "rotate"));
        assertTrue(out.toString().startsWith("rotated RS256: new key "), out.toString());
        assertTrue(out.toString().contains("key " + oldKid + " verifies until "), out.toString());

        out.getBuffer().setLength(0);
        assertEquals(0, run(env, "keys", "list"));
        String[] second = out.toString().split("\\R");
        assertEquals(3, second.length, out.toString());
        assertTrue(second[1].contains("active (signs)"), second[1]);
        assertTrue(second[2].startsWith(oldKid) && second[2].contains("verifies until"), second[2]);
    }

    /** Without a terminal, the last admin is disabled, demoted or deleted only with --yes. */
    @Test
    void usersCommandsKeepTheLastAdminUnlessToldYes(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("AUTH_DATA_DIR", dir.resolve("data").toString());
        Path csv = dir.resolve("users.csv");
        String hash = "$2b$10$abcdefghijklmnopqrstuu23JPZtHcGhwXSF41f93o/7vBdDut3Xu";
        java.nio.file.Files.writeString(csv, "root," + hash + ",admin\nops," + hash + ",admin;ops\n");
        assertEquals(0, run(env, "users", "import", csv.toString()));
        assertEquals(0, run(env, "users", "roles", "ops", "ops,audit"));
        assertTrue(out.toString().contains("roles set to [ops, audit] for ops"), out.toString());
        assertEquals(2, run(env, "users", "roles", "root", "ops"));
        assertTrue(err.toString().contains("root is the last enabled account with the role admin"), err.toString());
        assertTrue(err.toString().contains("confirm with --yes"), err.toString());
        assertEquals(2, run(env, "users", "disable", "root"));
        assertEquals(2, run(env, "users", "delete", "root"));
        io.netauth.core.jdbc.JdbcSettings settings = io.netauth.core.jdbc.JdbcSettings.h2File(dir.resolve("data"));
        try (io.netauth.core.jdbc.AuthDatabase db = io.netauth.core.jdbc.AuthDatabase.open(settings)) {
            io.netauth.core.UserAccount root = db.userDirectory().findAccount("root").orElseThrow();
            assertTrue(root.enabled());
            assertEquals(java.util.List.of("admin"), root.roles());
        }
        assertEquals(0, run(env, "users", "roles", "root", "--yes"));
        assertTrue(out.toString().contains("roles set to [] for root"), out.toString());
        assertEquals(0, run(env, "users", "delete", "ops"));
        assertEquals(2, run(env, "users", "delete", "ops"));
        assertEquals(0, run(env, "users", "disable", "root", "-y"));
        try (io.netauth.core.jdbc.AuthDatabase db = io.netauth.core.jdbc.AuthDatabase.open(settings)) {
            assertTrue(db.userDirectory().findAccount("ops").isEmpty());
            assertTrue(!db.userDirectory().findAccount("root").orElseThrow().enabled());
        }
    }

    @Test
    void mfaResetRemovesAUsersSecondFactor(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("AUTH_DATA_DIR", dir.resolve("data").toString());
        Path csv = dir.resolve("users.csv");
        java.nio.file.Files.writeString(csv, "ann,$2b$10$abcdefghijklmnopqrstuu23JPZtHcGhwXSF41f93o/7vBdDut3Xu\n");
        assertEquals(0, run(env, "users", "import", csv.toString()));
        io.netauth.core.jdbc.JdbcSettings settings = io.netauth.core.jdbc.JdbcSettings.h2File(dir.resolve("data"));
        String annId;
        try (io.netauth.core.jdbc.AuthDatabase db = io.netauth.core.jdbc.AuthDatabase.open(settings)) {
            annId = db.credentialStore().findByUsername("ann").orElseThrow().account().id();
            assertTrue(db.mfaStore().savePendingTotp(annId, new byte[20], java.time.Instant.now()));
            assertTrue(db.mfaStore().confirmTotp(annId, 1, java.util.List.of(), java.time.Instant.now()));
            assertTrue(db.credentialStore().findByUsername("ann").orElseThrow().secondFactor());
        }
        assertEquals(0, run(env, "users", "mfa-reset", "ANN"));
        assertTrue(out.toString().contains("removed the second factor of ANN"), out.toString());
        try (io.netauth.core.jdbc.AuthDatabase db = io.netauth.core.jdbc.AuthDatabase.open(settings)) {
            assertTrue(db.mfaStore().findTotp(annId).isEmpty());
            assertTrue(!db.credentialStore().findByUsername("ann").orElseThrow().secondFactor());
        }
        assertEquals(0, run(env, "users", "mfa-reset", "ann"));
        assertTrue(out.toString().contains("ann had no second factor"), out.toString());
        assertEquals(2, run(env, "users", "mfa-reset", "ghost"));
        assertTrue(err.toString().contains("no user named ghost"), err.toString());
    }

    @Test
    void codeFlowClientsAndEmailAddresses(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("AUTH_DATA_DIR", dir.resolve("data").toString());
        assertEquals(0, run(env, "clients", "add", "spa", "--redirect-uri", "https://spa.example/cb", "--public"));
        assertTrue(out.toString().matches("client_id: [A-Za-z0-9_-]{22}\\R"), "a public client has no secret: " + out);
        out.getBuffer().setLength(0);
        assertEquals(0, run(env, "clients", "add", "web", "--redirect-uri", "https://web.example/cb",
                "--redirect-uri", "com.example.app:/cb", "--post-logout-redirect-uri", "https://web.example/bye",
                "--trusted"));
        assertTrue(out.toString().contains("client_secret: "), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run(env, "clients", "list"));
        assertTrue(out.toString().contains("none (public)") && out.toString().contains("secret, trusted")
                && out.toString().contains("authorization_code,refresh_token"), out.toString());
        assertEquals(2, run(env, "clients", "add", "wild", "--redirect-uri", "https://*.example/cb"));
        assertTrue(err.toString().contains("Invalid redirect URI"), err.toString());
        assertEquals(2, run(env, "clients", "add", "nowhere", "--public"));
        assertTrue(err.toString().contains("needs at least one redirect URI"), err.toString());
    }

    /** PKCE is required of every client (RFC 9700 section 2.1.1); only a confidential one may be let off. */
    @Test
    void pkceIsRequiredUnlessAConfidentialClientIsLetOff(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("AUTH_DATA_DIR", dir.resolve("data").toString());
        assertEquals(0, run(env, "clients", "add", "old-web", "--redirect-uri", "https://old.example/cb",
                "--pkce", "optional"));
        assertEquals(0, run(env, "clients", "add", "web", "--redirect-uri", "https://web.example/cb"));
        out.getBuffer().setLength(0);
        assertEquals(0, run(env, "clients", "list"));
        String list = out.toString();
        assertTrue(list.lines().anyMatch(l -> l.startsWith("old-web ") && l.contains("pkce optional")), list);
        assertTrue(list.lines().anyMatch(l -> l.startsWith("web ") && !l.contains("pkce optional")), list);
        assertEquals(0, run(env, "clients", "set-pkce", "old-web", "required"));
        assertEquals(0, run(env, "clients", "set-pkce", "web", "optional"));
        out.getBuffer().setLength(0);
        assertEquals(0, run(env, "clients", "list"));
        list = out.toString();
        assertTrue(list.lines().anyMatch(l -> l.startsWith("old-web ") && !l.contains("pkce optional")), list);
        assertTrue(list.lines().anyMatch(l -> l.startsWith("web ") && l.contains("pkce optional")), list);

        assertEquals(2, run(env, "clients", "add", "spa", "--redirect-uri", "https://spa.example/cb", "--public",
                "--pkce", "optional"));
        assertTrue(err.toString().contains("a public client always uses it"), err.toString());
        assertEquals(2, run(env, "clients", "add", "svc", "--pkce", "optional"));
        assertEquals(2, run(env, "clients", "add", "odd", "--redirect-uri", "https://odd.example/cb",
                "--pkce", "sometimes"));
        assertTrue(err.toString().contains("expected: required or optional"), err.toString());

        Path users = dir.resolve("users.csv");
        java.nio.file.Files.writeString(users, String.join("\n", "username,hash,roles,email,email_verified",
                "eve,$2b$10$abcdefghijklmnopqrstuu23JPZtHcGhwXSF41f93o/7vBdDut3Xu,,eve@example.test,true",
                "fay,$2b$10$abcdefghijklmnopqrstuu23JPZtHcGhwXSF41f93o/7vBdDut3Xu,staff"));
        assertEquals(0, run(env, "users", "import", users.toString()));
        assertEquals(0, run(env, "users", "email", "fay", "fay@example.test"));
        assertEquals(2, run(env, "users", "email", "fay", "not an address"));
        assertTrue(err.toString().contains("Invalid email address."), err.toString());
        assertEquals(2, run(env, "users", "email", "ghost", "g@example.test"));
        // Any key opens the OpenID Connect store: reading a profile unseals nothing.
        io.netauth.core.secret.SecretKeys keys = io.netauth.core.secret.SecretKeys.parse(
                io.netauth.core.secret.SecretKeys.generateKey());
        try (io.netauth.core.jdbc.AuthDatabase db = io.netauth.core.jdbc.AuthDatabase.open(
                io.netauth.core.jdbc.JdbcSettings.h2File(dir.resolve("data")), keys)) {
            var eve = db.oidcStore().profile(db.credentialStore().findByUsername("eve").orElseThrow().account().id())
                    .orElseThrow();
            assertEquals("eve@example.test", eve.email());
            assertTrue(eve.emailVerified());
            var fay = db.oidcStore().profile(db.credentialStore().findByUsername("fay").orElseThrow().account().id())
                    .orElseThrow();
            assertEquals("fay@example.test", fay.email());
            assertTrue(!fay.emailVerified(), "not verified unless --verified says so");
        }
    }

    @Test
    void importIsAllOrNothingWithALineByLineReport(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("AUTH_DATA_DIR", dir.resolve("data").toString());
        Path bad = dir.resolve("bad.csv");
        java.nio.file.Files.writeString(bad, String.join("\n",
                "username,hash,roles",
                "ann,$2b$10$abcdefghijklmnopqrstuu23JPZtHcGhwXSF41f93o/7vBdDut3Xu,admin;user",
                "bob,plaintext-password",
                "carl,$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc,bad role",
                "only-one-field"));
        assertEquals(2, run(env, "users", "import", bad.toString()));
        String report = out.toString();
        assertTrue(report.contains("line 3: unsupported password hash format"), report);
        assertTrue(report.contains("line 4: role: 'bad role'"), report);
        assertTrue(report.contains("line 5: expected username,hash[,roles[,email[,email_verified]]]"), report);
        assertTrue(err.toString().contains("3 of 4 lines rejected; nothing imported"), err.toString());
        assertTrue(!report.contains("$2b$10$abcdef"), "hashes never appear in the report");
        out.getBuffer().setLength(0);
        assertEquals(0, run(env, "users", "list"));
        assertEquals(1, out.toString().split("\\R").length, "nothing was imported: " + out);

        // A name twice in the file: found by the database while inserting, rolled back whole, both lines named.
        Path twice = dir.resolve("twice.csv");
        java.nio.file.Files.writeString(twice, String.join("\n",
                "ann,$2b$10$abcdefghijklmnopqrstuu23JPZtHcGhwXSF41f93o/7vBdDut3Xu,admin;user",
                "zed,$2y$05$abcdefghijklmnopqrstuuZVEMa1pjhlynBQ1qXmSvGBJpN9h1w8G",
                "ANN,$2y$05$abcdefghijklmnopqrstuuZVEMa1pjhlynBQ1qXmSvGBJpN9h1w8G"));
        err.getBuffer().setLength(0);
        assertEquals(2, run(env, "users", "import", twice.toString()));
        assertTrue(err.toString().contains("line 3: the name is the same as line 1's after normalisation, or looks like it (UTS #39). "
                + "Nothing imported."), err.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run(env, "users", "list"));
        assertEquals(1, out.toString().split("\\R").length, "nothing was imported: " + out);

        Path good = dir.resolve("good.csv");
        java.nio.file.Files.writeString(good, String.join("\n",
                "# exported from the old system",
                "ann,$2b$10$abcdefghijklmnopqrstuu23JPZtHcGhwXSF41f93o/7vBdDut3Xu,admin;user",
                "\"dj,the_second\",pbkdf2_sha256$1000$seasalt42$u2fJfVGvKFplyMh4Ea6whS0oOOPvmMtm2AbpQHpT0eo=",
                "carl,$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"));
        out.getBuffer().setLength(0);
        assertEquals(0, run(env, "users", "import", good.toString()));
        assertTrue(out.toString().contains("imported 3 users"), out.toString());
        // A second import of the same names is refused whole.
        err.getBuffer().setLength(0);
        assertEquals(2, run(env, "users", "import", good.toString()));
        assertTrue(err.toString().contains("line 2: a user with this name (or one equal to it after normalisation, or "
                + "one that looks like it) exists already. Nothing imported."), err.toString());

        // The imported hashes verify through a real login, bcrypt and Django PBKDF2 alike.
        try (io.netauth.core.jdbc.AuthDatabase db = io.netauth.core.jdbc.AuthDatabase.open(
                io.netauth.core.jdbc.JdbcSettings.h2File(dir.resolve("data")))) {
            var ann = db.credentialStore().findByUsername("ann").orElseThrow();
            assertEquals(java.util.List.of("admin", "user"), ann.account().roles());
            var hasher = io.netauth.core.StandardPasswordHasher.owaspDefaults();
            assertTrue(hasher.verify("correct horse", ann.passwordHash()));
            assertTrue(hasher.verify("django-pass",
                    db.credentialStore().findByUsername("dj,the_second").orElseThrow().passwordHash()));
        }
    }

    @Test
    void unreachableDatabaseExitsWithAMessage() {
        assertEquals(1, run(Map.of(), "users", "list", "--db-url", "jdbc:postgresql://127.0.0.1:1/none",
                "--db-timeout", "500ms"));
        assertTrue(err.toString().startsWith("error: cannot connect to jdbc:postgresql://127.0.0.1:1/none"),
                err.toString());
    }

    @Test
    void takenPortExitsWithAMessage(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            assertEquals(1, run(Map.of(), "--host", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()),
                    "--data-dir", dir.toString()));
            assertTrue(err.toString().startsWith("error: cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                    err.toString());
        }
    }

    @Test
    void addWithoutATerminalOrStdinFlagSaysHow(@TempDir Path dir) {
        assertEquals(2, run(Map.of(), "users", "add", "alice", "--data-dir", dir.toString()));
        assertTrue(err.toString().contains("use --password-stdin"), err.toString());
    }

    private static final String HASH = "$2b$10$abcdefghijklmnopqrstuu23JPZtHcGhwXSF41f93o/7vBdDut3Xu";

    /** A name the username profile refuses is reported with its line, and nothing of the file is imported. */
    @Test
    void importRefusesSpoofedNamesByLineAndImportsNothing(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("AUTH_DATA_DIR", dir.resolve("data").toString());
        Path csv = dir.resolve("users.csv");
        java.nio.file.Files.writeString(csv, "username,hash\nbob," + HASH + "\nali\u0441e," + HASH + "\nal\u200Bice,"
                + HASH + "\n=cmd()," + HASH + "\n");
        assertEquals(2, run(env, "users", "import", csv.toString()));
        assertTrue(out.toString().contains("line 3: username: mixes scripts"), out.toString());
        assertTrue(out.toString().contains("line 4: username: invisible"), out.toString());
        assertTrue(out.toString().contains("line 5: username: may not start"), out.toString());
        assertTrue(err.toString().contains("3 of 4 lines rejected; nothing imported"), err.toString());

        java.nio.file.Files.writeString(csv, "alice," + HASH + "\n");
        assertEquals(0, run(env, "users", "import", csv.toString()));
        java.nio.file.Files.writeString(csv, "carol," + HASH + "\n\u0430\u04CF\u0456\u0441\u0435," + HASH + "\n");
        assertEquals(2, run(env, "users", "import", csv.toString()));
        assertTrue(err.toString().contains("line 2: a user with this name (or one equal to it after normalisation, "
                + "or one that looks like it) exists already"), err.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run(env, "users", "list"));
        assertTrue(!out.toString().contains("carol"), "nothing of a refused file: " + out);
    }

    /** Accounts an older version let in keep working; check-names finds them, rename fixes them. */
    @Test
    void checkNamesListsLegacyNamesAndRenameGivesThemOneThatPasses(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("AUTH_DATA_DIR", dir.resolve("data").toString());
        io.netauth.core.jdbc.JdbcSettings settings = io.netauth.core.jdbc.JdbcSettings.h2File(dir.resolve("data"));
        try (io.netauth.core.jdbc.AuthDatabase db = io.netauth.core.jdbc.AuthDatabase.open(settings);
                java.sql.Connection c = db.dataSource().getConnection();
                java.sql.PreparedStatement s = c.prepareStatement("INSERT INTO auth_users (id, username, "
                        + "normalized_username, password_hash, roles, enabled, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, '', TRUE, 0, 0)")) {
            for (String name : new String[] {" logamp", "\u202Eevil", "=HYPERLINK(1)", "fine"}) {
                s.setString(1, "id-" + name.hashCode());
                s.setString(2, name);
                s.setString(3, io.netauth.core.Usernames.normalize(name));
                s.setString(4, HASH);
                s.executeUpdate();
            }
        }
        assertEquals(0, run(env, "users", "list"));
        String list = out.toString();
        assertTrue(list.contains("\\x{20}logamp") && list.contains("\\x{202e}evil") && list.contains("'=HYPERLINK(1)"),
                list);
        assertTrue(list.chars().noneMatch(ch -> ch == 0x202E), "no bidi control reaches the terminal");

        out.getBuffer().setLength(0);
        assertEquals(1, run(env, "users", "check-names"));
        String report = out.toString();
        assertTrue(report.contains("\\x{20}logamp") && report.contains("spaces are not allowed"), report);
        assertTrue(report.contains("bidirectional"), report);
        assertTrue(report.contains("3 names do not pass"), report);
        assertTrue(!report.contains("fine "), report);

        assertEquals(2, run(env, "users", "rename", " logamp", "fine"));
        assertTrue(err.toString().contains("exists already"), err.toString());
        assertEquals(2, run(env, "users", "rename", " logamp", "log amp"));
        assertEquals(0, run(env, "users", "rename", " logamp", "logamp"));
        assertEquals(0, run(env, "users", "rename", "\u202Eevil", "evil"));
        assertEquals(0, run(env, "users", "rename", "=HYPERLINK(1)", "hyperlink"));
        out.getBuffer().setLength(0);
        assertEquals(0, run(env, "users", "check-names"));
        try (io.netauth.core.jdbc.AuthDatabase db = io.netauth.core.jdbc.AuthDatabase.open(settings)) {
            assertEquals("id-" + " logamp".hashCode(),
                    db.credentialStore().findByUsername("logamp").orElseThrow().account().id());
            assertTrue(db.credentialStore().findByUsername(" logamp").isEmpty());
        }
    }
}
