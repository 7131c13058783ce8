package io.netauth.core.testing;

import io.netauth.core.jdbc.AuthDatabase;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The database contracts' shared lifecycle: opens a fresh database before each test (ahead of the class's own
 * {@code @BeforeEach} methods) and closes it after. Register it with {@code @RegisterExtension}.
 */
public final class PerTestDatabase implements BeforeEachCallback, AfterEachCallback {

    private final Supplier<OpenedDatabase> opener;
    private OpenedDatabase opened;

    public PerTestDatabase(Supplier<OpenedDatabase> opener) {
        this.opener = opener;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        opened = opener.get();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (opened != null) {
            opened.close();
            opened = null;
        }
    }

    public AuthDatabase database() {
        return opened.database();
    }
}
