package dev.cvt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page at {@code /} in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs): an image picked in the page shows the top-1
 * that {@code cvt classify} prints, the embedding's size and the attention overlay. The screenshot is
 * left in {@code target/serve-page.png}.
 */
class ServePageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path profile;

    @Test
    void pickedImageShowsTheTop1OfCvtClassify() throws Exception {
        assertTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "install Debian's chromium and chromium-driver (.ci/run does)");
        Path image = CvtProcess.fixtures().resolve("preprocess/landscape.jpg");
        List<String> args = new ArrayList<>(List.of("classify", "--json", "--top", "1"));
        args.addAll(ServeProcess.tinyModel());
        args.add(image.toString());
        CvtProcess.Result offline = CvtProcess.run(args.toArray(String[]::new));
        assertEquals(0, offline.exit(), offline.toString());
        JsonNode top1 = new ObjectMapper()
                .readTree(offline.out())
                .get(0)
                .get("predictions")
                .get(0);
        String expected = top1.get("label").asText() + " (" + top1.get("index").asInt() + ")";

        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1100,800",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        try (ServeProcess server = ServeProcess.start()) {
            WebDriver browser = new ChromeDriver(service, options);
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                browser.get(server.base + "/");
                wait.until(b -> b.findElements(By.cssSelector("#block option")).size() == 4);
                browser.findElement(By.id("files")).sendKeys(image.toRealPath().toString());
                WebElement first = wait.until(b -> b.findElements(By.cssSelector(".prediction .name")).stream()
                        .findFirst()
                        .orElse(null));
                assertEquals(expected, first.getText());
                assertEquals(
                        5, browser.findElements(By.cssSelector(".prediction")).size());
                wait.until(b -> b.findElements(By.cssSelector(".embedding")).size() == 1);
                assertEquals(
                        "embedding: 96 floats",
                        browser.findElement(By.cssSelector(".embedding")).getText());
                wait.until(
                        b -> (Boolean)
                                ((JavascriptExecutor) b)
                                        .executeScript(
                                                "const i = document.querySelector('img.attention'); return i.complete && i.naturalWidth == 64;"));
                wait.until(b -> b.findElement(By.id("stats")).getText().contains("images served in"));
                Path shot = Path.of(System.getProperty("cvt.jar")).getParent().resolve("serve-page.png");
                Files.copy(
                        ((TakesScreenshot) browser)
                                .getScreenshotAs(OutputType.FILE)
                                .toPath(),
                        shot,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                browser.quit();
            }
        }
    }
}
