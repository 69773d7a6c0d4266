"""README's console screenshots from a running console (e.g. the one `scanselect demo --data …cxr-lungs…` leaves):

    /opt/scanselect-browser-peers/bin/python Tests/ConsoleReference/screenshots.py http://127.0.0.1:8090 PROJECT docs/console
"""
import sys

from selenium.webdriver.common.by import By

import browser

base, project, out = sys.argv[1:4]
driver, wait = browser.start(1280, 900)
ready = lambda d: d.execute_script("return document.readyState") == "complete"
try:
    for name, path in [("projects", "/"), ("overview", f"/projects/{project}"), ("batch", f"/projects/{project}/batch")]:
        driver.get(base + path)
        wait.until(ready)
        wait.until(lambda d: d.execute_script(
            "return Array.from(document.images).every(i => i.complete && i.naturalWidth > 0);"))
        driver.save_screenshot(f"{out}/{name}.png")
    driver.get(base + f"/projects/{project}/map")
    browser.hover_first_pick(driver, wait)
    driver.save_screenshot(f"{out}/map.png")
    driver.get(base + f"/projects/{project}/batch")
    first = driver.find_element(By.CSS_SELECTOR, "article.card").get_attribute("data-scan")
    driver.get(base + f"/scans/{first}?overlay=label")
    wait.until(lambda d: d.execute_script("const i = document.getElementById('scan-image'); return i.complete && i.naturalWidth > 0;"))
    driver.save_screenshot(f"{out}/scan.png")
finally:
    driver.quit()
