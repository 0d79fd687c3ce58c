package dev.trellis.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person signs in through the login page in a real (headless) Chromium and lands on the home page.
 * Screenshots at desktop and phone width go to {@code target/screenshots}.
 */
class LoginPageBrowserIT extends ApiTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private WebDriver browser;
    private Path profile;

    @BeforeEach
    void openBrowser() throws Exception {
        File chromium = new File("/usr/bin/chromium");
        File driver = new File("/usr/bin/chromedriver");
        assertThat(chromium).as("browser tests need Debian's chromium and chromium-driver:"
                + " apt-get install chromium chromium-driver (.ci/run installs them)").exists();
        assertThat(driver).exists();
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver).build(), options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anAdministratorSignsInAndSeesTheHomePage() throws Exception {
        for (Dimension size : new Dimension[] {new Dimension(1280, 800), new Dimension(390, 844)}) {
            String width = size.getWidth() > 600 ? "desktop" : "phone";
            browser.manage().deleteAllCookies();
            browser.manage().window().setSize(size);
            browser.get("http://localhost:" + port + "/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            // while a page is replaced the driver may report the old page's nodes as gone: poll again
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .ignoring(org.openqa.selenium.WebDriverException.class);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
            assertThat(browser.getCurrentUrl()).endsWith("/login");
            browser.findElement(By.name("username")).sendKeys("admin");
            browser.findElement(By.name("password")).sendKeys("wrong password");
            screenshot("login-" + width);
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.urlContains("error"));
            assertThat(browser.getPageSource()).containsIgnoringCase("invalid credentials");
            browser.findElement(By.name("username")).clear();
            browser.findElement(By.name("username")).sendKeys("admin");
            browser.findElement(By.name("password")).sendKeys(ADMIN_PASSWORD);
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Signed in as"));
            assertThat(browser.findElement(By.tagName("body")).getText()).contains("Signed in as admin");
            screenshot("home-" + width);
        }
    }

    private void screenshot(String name) throws Exception {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }
}
