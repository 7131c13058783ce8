package io.netauth.examples.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A person signs in to the Spring Boot application with a real browser (Debian's Chromium): the application
 * sends them to netauth's sign-in page, netauth (the runner jar, its own process, set up with its CLI) sends them
 * back with a code, and Spring's {@code oauth2Login} redeems it and shows the username of the ID token. Once with
 * a password, once with a password and a TOTP code.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class PortalBrowserTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PASSWORD = "correct horse battery";
    private static Path dataDir;
    private static Process netauth;
    private static String issuer;
    private static int appPort;
    private static String clientId;
    private static String clientSecret;
    private static String totpSecret;
    private static WebDriver browser;

    @BeforeAll
    static void startNetauthAndBrowser() throws Exception {
        boolean onCi = "true".equals(System.getenv("CI"));
        boolean installed = Files.isExecutable(Path.of("/usr/bin/chromium"))
                && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
        if (onCi && !installed) {
            throw new IllegalStateException("chromium and chromium-driver must be installed on CI (.ci/run does)");
        }
        assumeTrue(installed, "apt-get install chromium chromium-driver");
        dataDir = Files.createTempDirectory("netauth-portal");
        int netauthPort = freePort();
        appPort = freePort();
        issuer = "http://127.0.0.1:" + netauthPort;
        cli(PASSWORD + "\n", "users", "add", "ann", "--password-stdin");
        cli(PASSWORD + "\n", "users", "add", "bo", "--password-stdin");
        // localhost, not 127.0.0.1: the application's cookies and netauth's stay apart, as on two hosts.
        String added = cli(null, "clients", "add", "portal", "--redirect-uri",
                "http://localhost:" + appPort + "/login/oauth2/code/netauth", "--trusted");
        clientId = field(added, "client_id");
        clientSecret = field(added, "client_secret");
        netauth = new ProcessBuilder(command("--port", Integer.toString(netauthPort), "--issuer", issuer))
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("netauth.log").toFile()).start();
        awaitReady();
        totpSecret = enrolTotp("bo");

        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        browser = new ChromeDriver(options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (netauth != null) {
            netauth.destroy();
            netauth.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @DynamicPropertySource
    static void netauthClient(DynamicPropertyRegistry properties) {
        properties.add("server.port", () -> appPort);
        properties.add("spring.security.oauth2.client.provider.netauth.issuer-uri", () -> issuer);
        properties.add("spring.security.oauth2.client.registration.netauth.client-id", () -> clientId);
        properties.add("spring.security.oauth2.client.registration.netauth.client-secret", () -> clientSecret);
    }

    @BeforeEach
    void freshBrowser() {
        // Every host's cookies: both sessions start anew.
        ((ChromeDriver) browser).executeCdpCommand("Network.clearBrowserCookies", java.util.Map.of());
    }

    @Test
    void signingInWithAPasswordComesBackSignedIn() {
        browser.get("http://localhost:" + appPort + "/");
        assertTrue(browser.getCurrentUrl().startsWith(issuer + "/login?rd="), browser.getCurrentUrl());
        signIn("ann");
        // Spring returns to the saved request, marked ?continue.
        assertTrue(browser.getCurrentUrl().startsWith("http://localhost:" + appPort + "/"), browser.getCurrentUrl());
        assertEquals("Signed in as ann with [pwd]", text());
    }

    @Test
    void signingInWithASecondFactorComesBackSignedIn() {
        browser.get("http://localhost:" + appPort + "/");
        signIn("bo");
        assertEquals("Enter your code", browser.findElement(By.tagName("h1")).getText());
        // The enrolment spent this step's code; an app a little ahead shows the next one, which is accepted.
        browser.findElement(By.id("code")).sendKeys(totpCode(Instant.now().plusSeconds(30)));
        submit(By.cssSelector("form[action='/login/mfa'] button"));
        // Spring returns to the saved request, marked ?continue.
        assertTrue(browser.getCurrentUrl().startsWith("http://localhost:" + appPort + "/"), browser.getCurrentUrl());
        assertEquals("Signed in as bo with [pwd, otp]", text());
    }

    private static void signIn(String user) {
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        submit(By.cssSelector("button[type=submit]"));
    }

    /** Clicks and waits for the next page: a click may return before the navigation it starts. */
    private static void submit(By button) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(button).click();
        // The old page is gone once its root answers nothing; mid-navigation Chromium may say so with another error.
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> {
            try {
                page.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException gone) {
                return true;
            }
        });
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> "complete".equals(
                ((JavascriptExecutor) driver).executeScript("return document.readyState")));
    }

    private static String text() {
        return browser.findElement(By.tagName("body")).getText().trim();
    }

    private static String totpCode(Instant at) {
        try {
            return new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6).generate(totpSecret, at.getEpochSecond() / 30);
        } catch (dev.samstevens.totp.exceptions.CodeGenerationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Turns on TOTP for a user through netauth's API, as the person would with their app; answers the secret. */
    private static String enrolTotp(String user) throws Exception {
        String token = field(post("/auth", null, "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}"),
                "\"token\":\"");
        String secret = field(post("/auth/mfa/totp", token, "{\"password\":\"" + PASSWORD + "\"}"), "\"secret\":\"");
        totpSecret = secret;
        post("/auth/mfa/totp/confirm", token, "{\"code\":\"" + totpCode(Instant.now()) + "\"}");
        return secret;
    }

    private static String post(String path, String bearer, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(issuer + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    private static void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(issuer + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline || !netauth.isAlive()) {
                throw new IllegalStateException("netauth did not start: "
                        + Files.readString(dataDir.resolve("netauth.log")));
            }
            Thread.sleep(100);
        }
    }

    /** A command of netauth's CLI; answers what it printed. */
    private static String cli(String stdin, String... args) throws Exception {
        Process cli = new ProcessBuilder(command(args)).redirectErrorStream(true).start();
        if (stdin != null) {
            cli.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        cli.getOutputStream().close();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, cli.waitFor(), out);
        return out;
    }

    private static String field(String text, String prefix) {
        Matcher m = Pattern.compile(Pattern.quote(prefix.endsWith("\"") ? prefix : prefix + ": ")
                + (prefix.endsWith("\"") ? "([^\"]+)" : "(\\S+)")).matcher(text);
        assertTrue(m.find(), text);
        return m.group(1);
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", Path.of(System.getProperty("netauth.jar")).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--data-dir", dataDir.resolve("db").toString()));
        return command;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
