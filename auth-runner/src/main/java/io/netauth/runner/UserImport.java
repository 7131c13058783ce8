package io.netauth.runner;

import io.netauth.core.StandardPasswordHasher;
import io.netauth.core.InvalidInputException;
import io.netauth.core.jdbc.JdbcUserDirectory;
import io.netauth.core.jdbc.JdbcUserDirectory.ImportedUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an import file line by line: {@code username,hash[,roles[,email[,email_verified]]]} with roles
 * separated by {@code ;} and {@code email_verified} {@code true} or {@code false}, fields
 * optionally in double quotes (a doubled quote inside is one quote), blank lines, {@code #} comments and a
 * {@code username,...} header skipped. A PHC hash's own commas ({@code m=65536,t=2,p=1}) need no quotes. Every line is checked (name, roles, hash format, names repeated after
 * normalisation) before anything is written; the report names the line and the reason, never the hash.
 *
 * @param users    the accepted users, in file order
 * @param rejected one message per rejected line
 * @param lines    how many lines held a user
 */
record UserImport(List<ImportedUser> users, List<String> rejected, int lines) {

    static UserImport parse(List<String> text, StandardPasswordHasher hasher) {
        List<ImportedUser> users = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int counted = 0;
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i).strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.toLowerCase().startsWith("username,"))) {
                continue;
            }
            counted++;
            try {
                List<String> fields = fields(line);
                if (fields.size() < 2 || fields.size() > 5) {
                    throw new IllegalArgumentException("expected username,hash[,roles[,email[,email_verified]]] "
                            + "but found " + fields.size() + " fields");
                }
                List<String> roles = fields.size() >= 3 && !fields.get(2).isBlank()
                        ? List.of(fields.get(2).split(";")).stream().map(String::strip).toList() : List.of();
                String email = fields.size() >= 4 && !fields.get(3).isBlank() ? fields.get(3) : null;
                String verified = fields.size() == 5 ? fields.get(4).toLowerCase(java.util.Locale.ROOT) : "false";
                if (!verified.equals("true") && !verified.equals("false") && !verified.isEmpty()) {
                    throw new IllegalArgumentException("email_verified is true or false");
                }
                ImportedUser user = new ImportedUser(fields.get(0), fields.get(1), roles, email,
                        verified.equals("true"));
                String normalized = JdbcUserDirectory.validate(user);
                hasher.checkFormat(user.passwordHash());
                Integer earlier = seen.putIfAbsent(normalized, number);
                if (earlier != null) {
                    throw new IllegalArgumentException("the name is the same as line " + earlier
                            + "'s after normalisation");
                }
                users.add(user);
            } catch (IllegalArgumentException | InvalidInputException e) {
                rejected.add("line " + number + ": " + e.getMessage());
            }
        }
        return new UserImport(List.copyOf(users), List.copyOf(rejected), counted);
    }

    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("an unterminated quote");
        }
        fields.add(field.toString().strip());
        // An unquoted PHC hash carries commas between its parameters ($argon2id$v=19$m=65536,t=2,p=1$...):
        // a field that follows a hash and reads "name=value..." is part of that hash.
        for (int i = 1; i + 1 < fields.size(); i++) {
            if (fields.get(i).startsWith("$") && fields.get(i + 1).matches("[a-z]+=[^,]*")) {
                fields.set(i, fields.get(i) + ',' + fields.remove(i + 1));
                i--;
            }
        }
        return fields;
    }
}
