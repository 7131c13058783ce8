package io.netauth.runner;

import io.netauth.core.DuplicateUserException;
import io.netauth.core.InvalidInputException;
import io.netauth.core.LastRoleHolderException;
import io.netauth.core.PasswordPolicy;
import io.netauth.core.WeakPasswordException;
import io.netauth.core.UserAccount;
import io.netauth.core.Usernames;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.jdbc.JdbcUserDirectory;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code users add|passwd|disable|enable|delete|roles|list|check-names|rename|...}: administers accounts in the
 * configured database. Works while a server has the same H2 files open (H2's AUTO_SERVER mode) or shares the same
 * PostgreSQL. Disabling, deleting or demoting the last enabled admin needs a confirmation: a prompt on a terminal,
 * or {@code --yes}.
 */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Adds and changes users.")
final class UsersCommand {

    private final ConfigOptions options;
    private final Map<String, String> env;
    private final PrintWriter out;

    UsersCommand(ConfigOptions options, Map<String, String> env, PrintWriter out) {
        this.options = options;
        this.env = env;
        this.out = out;
    }

    @Command(name = "add", description = "Adds an enabled user; the password comes from a prompt or stdin.")
    int add(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--roles", split = ",", paramLabel = "ROLE", description = "Roles, comma-separated.")
            List<String> roles,
            @Option(names = "--password-stdin", description = "Read the password as one line of standard input.")
            boolean passwordStdin) {
        RunnerConfig config = config();
        String hash = config.passwordHasher().hash(checked(config, readPassword(passwordStdin), name));
        return withStore(config, store -> {
            try {
                UserAccount user = store.createUser(name, hash, roles == null ? List.of() : roles);
                out.println("added " + user.username() + " (id " + user.id() + ")");
                return 0;
            } catch (DuplicateUserException | InvalidInputException e) {
                throw new CommandFailedException(e.getMessage());
            }
        });
    }

    @Command(name = "passwd", description = "Sets a new password; the password comes from a prompt or stdin.")
    int passwd(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--password-stdin", description = "Read the password as one line of standard input.")
            boolean passwordStdin) {
        RunnerConfig config = config();
        String hash = config.passwordHasher().hash(checked(config, readPassword(passwordStdin), name));
        return withStore(config, store -> report(store.setPasswordHash(name, hash), "password changed for", name));
    }

    @Command(name = "disable", description = "Disables a user: their logins fail like a wrong password, and their "
            + "sessions and access tokens end. The last enabled account with the admin role is disabled only after a "
            + "confirmation.")
    int disable(@Parameters(paramLabel = "NAME") String name, @Option(names = {"--yes", "-y"}, description =
            "Confirm without a prompt that the last admin may be disabled.") boolean yes) {
        RunnerConfig config = config();
        return withStore(config, store -> report(keepingAdmin(config, name, yes,
                role -> store.setEnabled(name, false, role)), "disabled", name));
    }

    @Command(name = "delete", description = "Deletes a user with their sessions; their access tokens end. The last "
            + "enabled account with the admin role is deleted only after a confirmation.")
    int delete(@Parameters(paramLabel = "NAME") String name, @Option(names = {"--yes", "-y"}, description =
            "Confirm without a prompt that the last admin may be deleted.") boolean yes) {
        RunnerConfig config = config();
        return withStore(config, store -> report(keepingAdmin(config, name, yes,
                role -> store.deleteUser(name, role)), "deleted", name));
    }

    @Command(name = "roles", description = "Replaces a user's roles (none when none are given); taking a role away "
            + "ends their access tokens. Taking the admin role from its last enabled holder needs a confirmation.")
    int roles(@Parameters(paramLabel = "NAME") String name,
            @Parameters(paramLabel = "ROLE", arity = "0..*", split = ",", description = "The new roles.")
            List<String> roles,
            @Option(names = {"--yes", "-y"}, description = "Confirm without a prompt that the last admin may lose "
                    + "the role.") boolean yes) {
        RunnerConfig config = config();
        List<String> given = roles == null ? List.of() : roles;
        return withStore(config, store -> {
            try {
                return report(keepingAdmin(config, name, yes, role -> store.setRoles(name, given, role)),
                        "roles set to " + given + " for", name);
            } catch (InvalidInputException e) {
                throw new CommandFailedException(e.getMessage());
            }
        });
    }

    @Command(name = "email", description = "Sets a user's email address (the OpenID Connect email claim); "
            + "without an address, removes it.")
    int email(@Parameters(paramLabel = "NAME") String name,
            @Parameters(paramLabel = "EMAIL", arity = "0..1") String email,
            @picocli.CommandLine.Option(names = "--verified", description = "Mark the address as verified "
                    + "(email_verified: true).") boolean verified) {
        return withStore(config(), store -> {
            try {
                return report(store.setEmail(name, email, verified), email == null ? "email removed for"
                        : "email set" + (verified ? " (verified)" : "") + " for", name);
            } catch (io.netauth.core.InvalidInputException e) {
                throw new CommandFailedException(e.getMessage());
            }
        });
    }

    @Command(name = "enable", description = "Enables a disabled user.")
    int enable(@Parameters(paramLabel = "NAME") String name) {
        return withStore(config(), store -> report(store.setEnabled(name, true), "enabled", name));
    }

    @Command(name = "mfa-reset", description = "Removes a user's second factor and recovery codes, for one who lost "
            + "them, and ends the user's sessions; the next login asks for the password only (or for enrolment, "
            + "where a role requires a factor).")
    int mfaReset(@Parameters(paramLabel = "NAME") String name) {
        try (AuthDatabase database = AuthDatabase.open(config().jdbcSettings())) {
            UserAccount user = database.userDirectory().findAccount(name)
                    .orElseThrow(() -> new CommandFailedException("no user named " + name));
            boolean had = database.mfaStore().removeTotp(user.id());
            database.userDirectory().endSessions(name); // a session made with the lost factor ends too
            io.netauth.core.UserAdministration.audit("mfa_reset", user.username(), "cli");
            out.println(had ? "removed the second factor of " + name : name + " had no second factor");
            return 0;
        }
    }

    @Command(name = "import", description = "Imports users with their password hashes from another system: a CSV "
            + "of username,hash[,roles[,email[,email_verified]]] (roles separated by ';'). All or nothing, in one "
            + "transaction; read as a stream, so any size fits in the same memory.")
    int importUsers(@Parameters(paramLabel = "FILE") java.nio.file.Path file) {
        RunnerConfig config = config();
        UserImport source = new UserImport(file, config.passwordHasher());
        ImportProgress progress = new ImportProgress(out, System.console() != null);
        long started = System.nanoTime();
        UserImport.Check check;
        try {
            progress.phase("lines checked:", 0);
            check = source.check(progress::update);
            progress.end(check.users());
        } catch (IOException e) {
            throw new CommandFailedException("cannot read " + file + ": " + e.getMessage());
        }
        if (check.rejected() > 0) {
            check.reported().forEach(out::println);
            if (check.rejected() > check.reported().size()) {
                out.println("... and " + (check.rejected() - check.reported().size()) + " more");
            }
            throw new CommandFailedException(check.rejected() + " of " + check.users()
                    + " lines rejected; nothing imported");
        }
        return withStore(config, store -> {
            try (UserImport.Users users = source.users()) {
                progress.phase("users inserted:", check.users());
                long imported = store.importUsers(users, progress::update);
                progress.end(imported);
                double seconds = (System.nanoTime() - started) / 1e9;
                out.println(String.format(java.util.Locale.ROOT, "imported %d users in %.1f s (%,.0f/s, checked "
                        + "and inserted)", imported, seconds, imported / Math.max(seconds, 1e-3)));
                return 0;
            } catch (DuplicateUserException e) {
                throw new CommandFailedException(whereTaken(source, e) + ". Nothing imported.");
            } catch (IOException e) {
                throw new CommandFailedException("cannot read " + file + ": " + e.getMessage());
            }
        });
    }

    private static String whereTaken(UserImport source, DuplicateUserException e) {
        try {
            return source.whereTaken(e.username());
        } catch (IOException | RuntimeException unreadable) {
            return e.getMessage(); // the file went away meanwhile: the name still says what happened
        }
    }

    @Command(name = "list", description = "Lists users: name, id, roles and whether enabled.")
    int list() {
        return withStore(config(), store -> {
            out.printf("%-32s %-36s %-8s %s%n", "USERNAME", "ID", "ENABLED", "ROLES");
            for (UserAccount u : store.listUsers()) {
                out.printf("%-32s %-36s %-8s %s%n", Usernames.forDisplay(u.username()), u.id(),
                        u.enabled() ? "yes" : "no", Usernames.forDisplay(String.join(",", u.roles())));
            }
            return 0;
        });
    }

    /**
     * Runs a change that must keep one enabled account with the admin role ({@code admin-role}); when it would
     * not, asks for a confirmation on the terminal, or takes {@code --yes} as one, and runs it unguarded.
     */
    private boolean keepingAdmin(RunnerConfig config, String name, boolean confirmed,
            Function<String, Boolean> change) {
        String adminRole = config.serverConfig().adminRole();
        try {
            return change.apply(adminRole);
        } catch (LastRoleHolderException e) {
            String risk = name + " is the last enabled account with the role " + adminRole
                    + ": without one, nobody can use the admin API until this command gives the role again.";
            if (!confirmed) {
                Console console = System.console();
                String answer = console == null ? null : console.readLine("%s Continue? [y/N] ", risk);
                if (answer == null || !(answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"))) {
                    throw new CommandFailedException(risk + (console == null
                            ? " Nothing changed; confirm with --yes." : " Nothing changed."));
                }
            }
            return change.apply(null);
        }
    }

    @Command(name = "check-names", description = "Lists the users whose names the username profile refuses "
            + "today (an older version let them in), with the reason; exit 1 if there are any. They keep working; "
            + "'users rename' gives one a name that passes.")
    int checkNames() {
        return withStore(config(), store -> {
            int found = 0;
            for (UserAccount u : store.listUsers()) {
                String problem = Usernames.problem(u.username());
                if (problem != null) {
                    out.printf("%-32s %-36s %s%n", Usernames.forDisplay(u.username()), u.id(), problem);
                    found++;
                }
            }
            out.println(found == 0 ? "every name passes the username profile"
                    : found + " names do not pass the username profile; rename them with: users rename NAME NEW-NAME");
            return found == 0 ? 0 : 1;
        });
    }

    @Command(name = "rename", description = "Gives a user a new name, which must pass the username profile; the "
            + "user's sessions end, the password and everything else stay.")
    int rename(@Parameters(paramLabel = "NAME") String name, @Parameters(paramLabel = "NEW-NAME") String newName) {
        return withStore(config(), store -> {
            try {
                if (!store.renameUser(name, newName)) {
                    throw new CommandFailedException("no user named " + Usernames.forDisplay(name));
                }
                io.netauth.core.UserAdministration.audit("rename was=" + Usernames.forDisplay(name), newName, "cli");
                out.println("renamed " + Usernames.forDisplay(name) + " to " + Usernames.forDisplay(newName));
                return 0;
            } catch (DuplicateUserException | InvalidInputException e) {
                throw new CommandFailedException(e.getMessage());
            }
        });
    }

    private int report(boolean found, String done, String name) {
        if (!found) {
            throw new CommandFailedException("no user named " + name);
        }
        out.println(done + " " + name);
        return 0;
    }

    private RunnerConfig config() {
        return RunnerConfig.load(options.given(), env);
    }

    private static int withStore(RunnerConfig config, Function<JdbcUserDirectory, Integer> action) {
        try (AuthDatabase database = AuthDatabase.open(config.jdbcSettings())) {
            return action.apply(database.userDirectory());
        }
    }

    private static String readPassword(boolean fromStdin) {
        String password;
        if (fromStdin) {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                password = in.readLine();
            } catch (IOException e) {
                throw new CommandFailedException("cannot read the password from standard input: " + e.getMessage());
            }
            if (password == null) {
                throw new CommandFailedException("no password on standard input");
            }
        } else {
            Console console = System.console();
            if (console == null) {
                throw new CommandFailedException("no terminal to prompt on; use --password-stdin");
            }
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Repeat password: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new CommandFailedException("the passwords differ");
            }
            password = new String(first);
            Arrays.fill(first, '\0');
            Arrays.fill(second, '\0');
        }
        return password;
    }

    /** The password policy of the configuration (length, breached list, not the name): exit 2 with the reason. */
    private static String checked(RunnerConfig config, String password, String username) {
        try {
            return PasswordPolicy.from(config.settings()).check(password, username);
        } catch (WeakPasswordException e) {
            throw new CommandFailedException("weak password: " + e.getMessage());
        }
    }
}
