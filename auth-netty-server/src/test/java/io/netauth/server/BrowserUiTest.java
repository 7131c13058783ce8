package io.netauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import io.netauth.core.testing.AuthenticatorApp;
import io.netauth.server.testing.EchoUpstream;
import io.netauth.server.testing.ProxyProcess;
import io.netauth.server.testing.RunningServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sign-in pages in a real browser: Debian's Chromium through Debian's chromedriver, against a real server
 * and the documented nginx and Caddy recipes ({@code examples/nginx/browser.conf}, {@code examples/caddy/Caddyfile})
 * in front of an application, on real host names ({@code app.example.test}, {@code auth.example.test}, mapped to 127.0.0.1 by Chromium's resolver rules)
 * so that the cookie domain and the return address cross hosts as they do in production. Every page is checked
 * with axe-core, and the login, code and account pages are photographed into {@code docs/images}.
 */
class BrowserUiTest {

    private static final String PASSWORD = "correct horse battery";
    private static final Path SCREENSHOTS = Path.of("..", "docs", "images");

    @TempDir
    static Path dir;
    private static RunningServer auth;
    private static EchoUpstream app;
    private static ProxyProcess nginx;
    private static ProxyProcess caddy;
    private static int appPort;
    private static int caddyPort;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        ProxyProcess.requireInstalled(Path.of("/usr/bin/chromium"), "chromium");
        ProxyProcess.requireInstalled(Path.of("/usr/bin/chromedriver"), "chromium-driver");
        ProxyProcess.requireInstalled(Path.of("/usr/sbin/nginx"), "nginx-light");
        Settings settings = Settings.builder().setAll(RunningServer.UNTHROTTLED)
                .set(ServerSettings.SESSION_COOKIE_DOMAIN, "example.test")
                .set(ServerSettings.ALLOWED_REDIRECT_HOSTS, List.of("app.example.test"))
                .set(ServerSettings.UI_TITLE, "Example Corp")
                .set(CoreSettings.THROTTLE_ACCOUNT_FREE, 3)
                .set(CoreSettings.THROTTLE_ACCOUNT_BASE_DELAY, Duration.ofMinutes(10))
                .set(CoreSettings.THROTTLE_ACCOUNT_MAX_DELAY, Duration.ofMinutes(10)).build();
        auth = RunningServer.builder().issuerOnHost("auth.example.test").config(b -> b.settings(settings)).start();
        app = EchoUpstream.start();
        appPort = ProxyProcess.freePort();
        String config = Files.readString(Path.of("..", "examples", "nginx", "browser.conf"))
                .replace("return 302 http://127.0.0.1:8080/", "return 302 http://auth.example.test:" + auth.port() + "/")
                .replace("127.0.0.1:8080", "127.0.0.1:" + auth.port())
                .replace("127.0.0.1:9000", "127.0.0.1:" + app.port())
                .replace("listen 127.0.0.1:8000", "listen 127.0.0.1:" + appPort);
        Files.writeString(dir.resolve("nginx.conf"), config);
        Files.createDirectories(dir.resolve("logs"));
        nginx = ProxyProcess.start(List.of("/usr/sbin/nginx", "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-e", dir.resolve("logs/error.log").toString(), "-g",
                "daemon off; pid " + dir.resolve("nginx.pid") + ";"), dir.resolve("nginx.out"), appPort);

        ProxyProcess.requireInstalled(Path.of("/usr/bin/caddy"), "caddy");
        caddyPort = ProxyProcess.freePort();
        String caddyfile = Files.readString(Path.of("..", "examples", "caddy", "Caddyfile"))
                .replace("127.0.0.1:8080", "127.0.0.1:" + auth.port())
                .replace("127.0.0.1:9000", "127.0.0.1:" + app.port())
                .replace("http://:8000", "http://:" + caddyPort);
        Files.writeString(dir.resolve("Caddyfile"), caddyfile);
        caddy = ProxyProcess.start(List.of("/usr/bin/caddy", "run", "--config", dir.resolve("Caddyfile").toString(),
                "--adapter", "caddyfile"), dir.resolve("caddy.out"), caddyPort);

        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--host-resolver-rules=MAP *.example.test 127.0.0.1", "--lang=en-US");
        browser = new ChromeDriver(options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (nginx != null) {
            nginx.close();
        }
        if (caddy != null) {
            caddy.close();
        }
        if (app != null) {
            app.close();
        }
        if (auth != null) {
            auth.close();
        }
    }

    @BeforeEach
    void freshBrowser() {
        browser.manage().deleteAllCookies();
        browser.get(authUrl("/login")); // cookies of the other host too
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    private static String appUrl(String path) {
        return "http://app.example.test:" + appPort + path;
    }

    private static String authUrl(String path) {
        return "http://auth.example.test:" + auth.port() + path;
    }

    /** Clicks a form's button and waits for the next page: a click may return before the navigation it starts. */
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

    private static void signIn(String user, String password) {
        browser.findElement(By.id("username")).clear();
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        submit(By.cssSelector("button[type=submit]"));
    }

    @Test
    void aProtectedPageSendsThePersonToSignInAndBack() throws Exception {
        auth.addUser("ann", PASSWORD, "staff");
        browser.get(appUrl("/orders/7"));
        assertTrue(browser.getCurrentUrl().startsWith(authUrl("/login?rd=")), browser.getCurrentUrl());
        assertEquals("Sign in · Example Corp", browser.getTitle());
        assertNoAccessibilityViolations("login");
        screenshot("signin-login.png");
        browser.manage().window().setSize(new Dimension(390, 844));
        screenshot("signin-login-phone.png");
        assertNoAccessibilityViolations("login on a phone");
        browser.manage().window().setSize(new Dimension(1280, 900));

        signIn("ann", PASSWORD);
        assertEquals(appUrl("/orders/7"), browser.getCurrentUrl());
        String subject = auth.database().credentialStore().findByUsername("ann").orElseThrow().account().id();
        assertEquals("path=/orders/7 subject=" + subject + " username=ann roles=staff amr=pwd", bodyText());

        // Signing out: the confirmation, the button, and the protected page asks again.
        browser.get(authUrl("/logout"));
        assertNoAccessibilityViolations("logout");
        submit(By.cssSelector("button[type=submit]"));
        assertTrue(browser.getCurrentUrl().startsWith(authUrl("/login")), browser.getCurrentUrl());
        browser.get(appUrl("/orders/7"));
        assertTrue(browser.getCurrentUrl().startsWith(authUrl("/login?rd=")), browser.getCurrentUrl());
    }

    @Test
    void throughCaddyTheSameWayThere() throws Exception {
        auth.addUser("fay", PASSWORD, "ops");
        String page = "http://app.example.test:" + caddyPort + "/dashboards/3";
        browser.get(page);
        assertTrue(browser.getCurrentUrl().startsWith(authUrl("/login?rd=")), browser.getCurrentUrl());
        signIn("fay", PASSWORD);
        assertEquals(page, browser.getCurrentUrl());
        assertTrue(bodyText().startsWith("path=/dashboards/3 subject=") && bodyText().contains("username=fay"),
                bodyText());
    }

    /**
     * An application that is not trusted: the consent page after the sign-in, then its RP-initiated logout's
     * confirmation (RP-Initiated Logout 1.0 section 2: without an id_token_hint the person is asked).
     */
    @Test
    void anApplicationAsksForConsentThenForASignOut() throws Exception {
        auth.addUser("dina", PASSWORD);
        String callback = "http://app.example.test:" + app.port() + "/cb"; // the application itself, unproxied
        String bye = "http://app.example.test:" + app.port() + "/bye";
        String clientId = auth.addClient(new io.netauth.core.client.ClientSpec("team-wiki", java.util.Set.of(),
                List.of(), List.of(), null, null, false, new io.netauth.core.client.CodeFlow(List.of(callback),
                        List.of(bye), false, false))).client().id();
        browser.get(authUrl("/oauth2/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                + encode(callback) + "&scope=openid%20profile%20email%20offline_access&state=xyz&nonce=n1"
                // RFC 7636 appendix B's challenge: every client must use PKCE (RFC 9700 section 2.1.1).
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"));
        signIn("dina", PASSWORD);
        assertEquals("Allow access? · Example Corp", browser.getTitle());
        assertNoAccessibilityViolations("consent");
        screenshot("oidc-consent.png");
        submit(By.cssSelector("button[value=allow]"));
        assertTrue(browser.getCurrentUrl().startsWith(callback + "?code="), browser.getCurrentUrl());
        assertTrue(browser.getCurrentUrl().contains("&state=xyz&iss="), browser.getCurrentUrl());

        browser.get(authUrl("/oauth2/logout?client_id=" + clientId + "&post_logout_redirect_uri=" + encode(bye)
                + "&state=s1"));
        assertEquals("Sign out · Example Corp", browser.getTitle());
        assertNoAccessibilityViolations("sign-out asked by an application");
        screenshot("oidc-logout.png");
        submit(By.cssSelector("button[type=submit]"));
        assertEquals(bye + "?state=s1", browser.getCurrentUrl());
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void aSecondFactorIsTypedFromTheAuthenticatorApp() throws Exception {
        auth.addUser("bo", PASSWORD);
        AuthenticatorApp phone = enrolThroughTheAccountPage("bo");
        browser.manage().deleteAllCookies();

        browser.get(appUrl("/reports"));
        signIn("bo", PASSWORD);
        assertEquals("Enter your code · Example Corp", browser.getTitle());
        assertNoAccessibilityViolations("second factor");
        screenshot("signin-code.png");
        // The enrolment spent this step's code; a phone a little ahead shows the next one, which is accepted.
        browser.findElement(By.id("code")).sendKeys(phone.codeAt(java.time.Instant.now().plusSeconds(30)));
        submit(By.cssSelector("form[action='/login/mfa'] button"));
        assertEquals(appUrl("/reports"), browser.getCurrentUrl());
        assertTrue(bodyText().endsWith("amr=pwd,otp"), bodyText());
    }

    @Test
    void aWrongPasswordThenTheThrottleAreSaidInWords() throws Exception {
        auth.addUser("cy", PASSWORD);
        browser.get(authUrl("/login"));
        signIn("cy", "not the password");
        assertEquals("The username or password is wrong.", browser.findElement(By.cssSelector(".error")).getText());
        assertNoAccessibilityViolations("login with an error");
        signIn("cy", "still not it");
        signIn("cy", "nor this");
        signIn("cy", PASSWORD);
        String error = browser.findElement(By.cssSelector(".error")).getText();
        assertTrue(error.startsWith("Too many attempts. Wait "), error);
    }

    @Test
    void aReturnAddressOnAnotherHostIsNotFollowed() {
        auth.addUser("di", PASSWORD);
        browser.get(authUrl("/login?rd=http://evil.example.test/steal"));
        signIn("di", PASSWORD);
        assertEquals(authUrl("/account"), browser.getCurrentUrl());
    }

    @Test
    void theAccountPageChangesThePassword() throws Exception {
        auth.addUser("eve", PASSWORD);
        browser.get(authUrl("/account"));
        signIn("eve", PASSWORD);
        assertEquals(authUrl("/account"), browser.getCurrentUrl());
        assertNoAccessibilityViolations("account");
        screenshot("account.png");
        browser.findElement(By.id("current_password")).sendKeys(PASSWORD);
        browser.findElement(By.id("new_password")).sendKeys("violet staple kettle");
        submit(By.cssSelector("form[action='/account/password'] button"));
        assertEquals(authUrl("/account"), browser.getCurrentUrl());
        assertTrue(bodyText().contains("Signed in as eve"), "a new session after the change");
        browser.manage().deleteAllCookies();
        browser.get(authUrl("/login"));
        signIn("eve", "violet staple kettle");
        assertEquals(authUrl("/account"), browser.getCurrentUrl());
    }

    /** Signs in, sets up TOTP on the account page by reading the key on it, and answers the phone that has it. */
    private AuthenticatorApp enrolThroughTheAccountPage(String user) throws Exception {
        browser.get(authUrl("/login?rd=/account"));
        signIn(user, PASSWORD);
        browser.findElement(By.id("totp_password")).sendKeys(PASSWORD);
        submit(By.cssSelector("form[action='/account/totp'] button"));
        assertNoAccessibilityViolations("enrolment");
        screenshot("account-enrol.png");
        AuthenticatorApp phone = AuthenticatorApp.typed(browser.findElement(By.cssSelector("code")).getText());
        browser.findElement(By.id("code")).sendKeys(phone.code());
        submit(By.cssSelector("form[action='/account/totp/confirm'] button"));
        assertEquals(10, browser.findElements(By.cssSelector(".codes li")).size());
        return phone;
    }

    private static String bodyText() {
        return browser.findElement(By.tagName("body")).getText().strip();
    }

    /** Runs axe-core (WCAG 2 A and AA, and its best practices) on the page; no violation may be found. */
    private static void assertNoAccessibilityViolations(String page) throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof axe !== 'undefined'"))) {
            try (InputStream source = BrowserUiTest.class.getResourceAsStream("/axe.min.js")) {
                js.executeScript(new String(source.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        Object violations = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']})"
                + ".then(r => done(r.violations.map(v => v.id + ' (' + v.nodes.length + '): ' + v.help)))"
                + ".catch(e => done(['axe failed: ' + e]));");
        assertEquals(List.of(), violations, page + ": " + violations);
    }

    private static void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(SCREENSHOTS);
        Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
