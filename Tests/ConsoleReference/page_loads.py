"""Times the console's pages for one project in headless chromium, as the browser measures them (navigation start
to the load event; for the map, to every point drawn): median of 5 loads of the map, overview, batch and projects. For README's numbers against a release build:

    .build/release/scanselect console --port 8111 &
    /opt/scanselect-browser-peers/bin/python Tests/ConsoleReference/page_loads.py http://127.0.0.1:8111 PROJECT
"""
import statistics
import sys
import time

from selenium.webdriver.common.by import By

import browser

base, project = sys.argv[1:3]
driver, wait = browser.start()


def timed(path, ready, measure):
    samples = []
    for _ in range(5):
        driver.get(base + path)
        wait.until(ready)
        samples.append(float(driver.execute_script(measure)))
    return statistics.median(samples)


LOAD = "const t = performance.getEntriesByType('navigation')[0]; return t.loadEventEnd - t.startTime;"
MAP = "return document.getElementById('map').dataset.readyAt;"


try:
    complete = lambda d: d.execute_script(
        "const t = performance.getEntriesByType('navigation')[0]; return t && t.loadEventEnd > 0;")
    drawn = lambda d: complete(d) and d.find_element(By.ID, "map").get_attribute("data-ready") == "true"
    results = {"map": timed(f"/projects/{project}/map", drawn, MAP)}
    points = driver.find_element(By.ID, "map").get_attribute("data-count")
    results["overview"] = timed(f"/projects/{project}", complete, LOAD)
    results["batch"] = timed(f"/projects/{project}/batch", complete, LOAD)
    results["projects"] = timed("/", complete, LOAD)
finally:
    driver.quit()
print(f"{points} points: " + ", ".join(f"{page} {ms:.0f} ms" for page, ms in results.items()) + " (median of 5)")
