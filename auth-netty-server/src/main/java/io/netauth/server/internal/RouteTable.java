package io.netauth.server.internal;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;

/**
 * Paths to endpoints: exact paths with an endpoint per method (a GET endpoint also answers HEAD), and prefixes
 * whose one endpoint answers every path below them, whatever the method. Immutable and thread-safe. Not API.
 */
public final class RouteTable {

    private final Map<String, Map<HttpMethod, Endpoint>> exact;
    private final Map<String, Endpoint> prefixes;

    public RouteTable(Map<String, Map<HttpMethod, Endpoint>> exact, Map<String, Endpoint> prefixes) {
        this.exact = Map.copyOf(exact);
        this.prefixes = Map.copyOf(prefixes);
    }

    public RouteTable(Map<String, Map<HttpMethod, Endpoint>> exact) {
        this(exact, Map.of());
    }

    /** The route a path falls under, or {@code null}: the one place where prefixes are matched. */
    Route find(String path) {
        Map<HttpMethod, Endpoint> byMethod = exact.get(path);
        if (byMethod != null) {
            return new Route(path, byMethod, null);
        }
        for (Map.Entry<String, Endpoint> prefix : prefixes.entrySet()) {
            if (path.equals(prefix.getKey()) || path.startsWith(prefix.getKey() + '/')) {
                return new Route(prefix.getKey(), Map.of(), prefix.getValue());
            }
        }
        return null;
    }

    /**
     * A matched route.
     *
     * @param label    the path or prefix, which names the route in metrics
     * @param byMethod the endpoints of an exact path
     * @param prefix   the endpoint of a prefix, which answers its own 404 and 405; or {@code null}
     */
    record Route(String label, Map<HttpMethod, Endpoint> byMethod, Endpoint prefix) {
    }
}
