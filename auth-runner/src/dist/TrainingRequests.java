import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The first answers of a server being trained for its class-data archive (train-cds.sh): a readiness probe,
 * the metadata and keys every client reads first, a refused token check and a refused login. The classes that
 * answer them are then in the archive, so a copy's first answers load none from the jar. Prints each status,
 * and fails on a server error: an archive trained on error paths would miss the classes of the real answers.
 * Usage: java TrainingRequests.java <port>
 */
public final class TrainingRequests {

    public static void main(String[] args) throws Exception {
        String base = "http://127.0.0.1:" + args[0];
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest[] requests = {
            HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
            HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration")).build(),
            HttpRequest.newBuilder(URI.create(base + "/.well-known/jwks.json")).build(),
            HttpRequest.newBuilder(URI.create(base + "/auth/verify")).header("Authorization", "Bearer x").build(),
            HttpRequest.newBuilder(URI.create(base + "/auth")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"nobody\",\"password\":\"none\"}"))
                    .build(),
        };
        for (HttpRequest request : requests) {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            System.out.println(response.statusCode() + " " + request.method() + " " + request.uri().getPath());
            if (response.statusCode() >= 500) {
                throw new IllegalStateException("the training start answered a server error");
            }
        }
    }
}
