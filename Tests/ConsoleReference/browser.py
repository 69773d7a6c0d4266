"""Headless Debian chromium through chromedriver, as every console script here drives it."""
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait


def start(width=1400, height=1000):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={width},{height}", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    # Poll often: the default half second would dominate every timing taken through a wait.
    return driver, WebDriverWait(driver, 60, poll_frequency=0.005)


def hover_first_pick(driver, wait):
    """Moves the mouse onto a pick drawn on the map and waits for its tooltip; returns the tooltip."""
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.by import By
    canvas = driver.find_element(By.ID, "map")
    wait.until(lambda d: canvas.get_attribute("data-ready") == "true")
    # The pick nearest the canvas centre, in viewport coordinates once the canvas is scrolled to the middle (the
    # pointer moves in the viewport; a point outside it cannot be hovered).
    x, y = driver.execute_script("""
        const c = arguments[0], m = window.consoleMap;
        c.scrollIntoView({ block: 'center' });
        const at = m.picked().map(i => m.screenPosition(i));
        at.sort((a, b) => Math.hypot(a[0] - c.width / 2, a[1] - c.height / 2) - Math.hypot(b[0] - c.width / 2, b[1] - c.height / 2));
        const box = c.getBoundingClientRect();
        return [box.left + c.clientLeft + at[0][0] * c.clientWidth / c.width, box.top + c.clientTop + at[0][1] * c.clientHeight / c.height];
        """, canvas)
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(int(round(x)), int(round(y)))
    actions.perform()
    tip = driver.find_element(By.ID, "map-tip")
    wait.until(lambda d: tip.is_displayed() and tip.find_elements(By.CSS_SELECTOR, ".tip-reason"))
    wait.until(lambda d: d.execute_script(
        "return Array.from(document.querySelectorAll('#map-tip img')).every(i => i.complete && i.naturalWidth > 0);"))
    return tip
