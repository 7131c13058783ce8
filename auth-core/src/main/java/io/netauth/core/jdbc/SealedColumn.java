package io.netauth.core.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;

/**
 * One column of sealed secrets, as {@code keys rewrap} and the first start with a key rewrite it: every row whose
 * stored value {@code needs} a new seal is read, sealed again and written back, inside the caller's transaction.
 *
 * @param select the row id and the stored value of every row, locked ({@code FOR UPDATE})
 * @param update sets the stored value (parameter 1) of one row id (parameter 2)
 */
record SealedColumn(String select, String update) {

    /** Reseals, with {@code reseal(id, stored)}, every row whose value {@code needs} it; answers how many. */
    int reseal(Connection tx, Predicate<String> needs, BinaryOperator<String> reseal) throws SQLException {
        Map<String, String> rewritten = new LinkedHashMap<>();
        try (PreparedStatement rows = tx.prepareStatement(select); ResultSet r = rows.executeQuery()) {
            while (r.next()) {
                String id = r.getString(1);
                String stored = r.getString(2);
                if (needs.test(stored)) {
                    rewritten.put(id, reseal.apply(id, stored));
                }
            }
        }
        try (PreparedStatement write = tx.prepareStatement(update)) {
            for (Map.Entry<String, String> row : rewritten.entrySet()) {
                write.setString(1, row.getValue());
                write.setString(2, row.getKey());
                write.addBatch();
            }
            write.executeBatch();
        }
        return rewritten.size();
    }
}
