"""Drives the web console in a real browser (Debian's headless chromium through chromedriver and Selenium) and
prints what it saw as JSON for ConsoleBrowserTests to check against the database.

usage: console_browser.py BASE_URL PROJECT BIG_PROJECT TOKEN SCREENSHOT_DIR UPLOAD_SCAN UPLOAD_MASK
"""
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By

import browser

base, project, big, token, shots, upload_scan, upload_mask = sys.argv[1:8]
driver, wait = browser.start()
seen = {}


def load(path, shot=None):
    driver.get(base + path)
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
    if shot:
        driver.save_screenshot(f"{shots}/{shot}.png")


def load_ms():
    return driver.execute_script(
        "const t = performance.getEntriesByType('navigation')[0]; return t ? t.loadEventEnd - t.startTime : -1;")


def click_fresh(selector):
    """Clicks a button of the overview, finding it again if the live refresh replaced it under us."""
    for _ in range(10):
        try:
            driver.find_element(By.CSS_SELECTOR, selector).click()
            return
        except Exception:
            time.sleep(0.2)
    raise RuntimeError(f"no clickable {selector}")


def images_loaded(selector):
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).filter(i => i.complete && i.naturalWidth > 0).length;",
        selector)


try:
    # Projects
    load("/", "projects")
    seen["projects"] = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#projects tbody tr td:first-child a")]

    # Overview: timeline, learning curve, pool, queue
    load(f"/projects/{project}", "overview")
    seen["rounds"] = len(driver.find_elements(By.CSS_SELECTOR, "#rounds li.round"))
    seen["curve_svg"] = len(driver.find_elements(By.CSS_SELECTOR, "#learning-curve svg"))
    seen["pool_rows"] = len(driver.find_elements(By.CSS_SELECTOR, "#pool-states tbody tr"))
    seen["dead_jobs_shown"] = len(driver.find_elements(By.CSS_SELECTOR, "#queue-jobs .state-dead"))
    # The page refreshes its fragments from live.json while open.
    wait.until(lambda d: d.find_element(By.ID, "live").get_attribute("data-refreshed"))
    seen["live_refreshed"] = True

    # Map: every pool scan a point; hover a pick and read its reason
    load(f"/projects/{project}/map")
    canvas = driver.find_element(By.ID, "map")
    wait.until(lambda d: canvas.get_attribute("data-ready") == "true")
    seen["map_points"] = int(canvas.get_attribute("data-count"))
    tip = browser.hover_first_pick(driver, wait)
    seen["hover_scan"] = tip.get_attribute("data-scan")
    seen["hover_reason"] = tip.find_element(By.CSS_SELECTOR, ".tip-reason").text
    driver.save_screenshot(f"{shots}/map.png")

    # Batch: one card per pick of the newest round, thumbnails with the model's prediction
    load(f"/projects/{project}/batch")
    cards = driver.find_elements(By.CSS_SELECTOR, "article.card")
    seen["batch_cards"] = len(cards)
    seen["batch_scans"] = [c.get_attribute("data-scan") for c in cards]
    wait.until(lambda d: images_loaded("article.card img") == len(cards))
    seen["batch_images"] = images_loaded("article.card img")
    driver.save_screenshot(f"{shots}/batch.png")
    cards[0].find_element(By.CSS_SELECTOR, ".toggle-uncertainty").click()
    wait.until(lambda d: "overlay=uncertainty" in cards[0].find_element(By.TAG_NAME, "img").get_attribute("src"))
    wait.until(lambda d: images_loaded("article.card img") == len(cards))
    seen["uncertainty_shown"] = True

    # A scan
    load(f"/scans/{seen['batch_scans'][0]}?overlay=prediction", None)
    wait.until(lambda d: images_loaded("#scan-image") == 1)
    seen["scan_picks"] = len(driver.find_elements(By.CSS_SELECTOR, "#picks tbody tr"))
    driver.save_screenshot(f"{shots}/scan.png")

    # Actions are refused without a session, and with a session but no matching CSRF token.
    def post(path, data, cookie=None):
        request = urllib.request.Request(base + path, data=urllib.parse.urlencode(data).encode(), method="POST")
        if cookie:
            request.add_header("Cookie", cookie)
        try:
            with urllib.request.urlopen(request) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
    seen["skip_without_session"] = post(f"/scans/{seen['batch_scans'][0]}/skip", {"csrf": "x"})

    # Log in, then skip the first awaiting pick from the batch page
    load(f"/login?next=/projects/{project}/batch")
    driver.find_element(By.NAME, "user").send_keys("lead-annotator")
    driver.find_element(By.NAME, "token").send_keys("wrong-token-000")
    driver.find_element(By.ID, "login-submit").click()
    seen["bad_login_error"] = driver.find_element(By.ID, "login-error").text
    driver.find_element(By.NAME, "user").send_keys("lead-annotator")
    driver.find_element(By.NAME, "token").send_keys(token)
    driver.find_element(By.ID, "login-submit").click()
    wait.until(lambda d: d.current_url.endswith(f"/projects/{project}/batch"))
    session = driver.get_cookie("scanselect_session")
    seen["cookie"] = {"httpOnly": session["httpOnly"], "sameSite": session.get("sameSite")}
    seen["skip_with_bad_csrf"] = post(f"/scans/{seen['batch_scans'][0]}/skip", {"csrf": "forged"},
                                      cookie=f"scanselect_session={session['value']}")
    awaiting = driver.find_element(By.CSS_SELECTOR, "article.card.status-awaiting")
    seen["skipped_scan"] = awaiting.get_attribute("data-scan")
    awaiting.find_element(By.CSS_SELECTOR, "button.skip").click()
    wait.until(lambda d: f"/scans/{seen['skipped_scan']}" in d.current_url)
    seen["status_after_skip"] = driver.find_element(By.ID, "label-status").text
    seen["skip_note"] = driver.find_element(By.ID, "skip").text

    # Upload a mask for another pick from its scan page
    load(f"/scans/{upload_scan}")
    driver.find_element(By.CSS_SELECTOR, "#upload input[name=mask]").send_keys(upload_mask)
    driver.find_element(By.CSS_SELECTOR, "button.upload").click()
    wait.until(lambda d: d.current_url.endswith(f"/scans/{upload_scan}?overlay=label"))
    wait.until(lambda d: images_loaded("#scan-image") == 1)
    seen["status_after_upload"] = driver.find_element(By.ID, "label-status").text
    seen["labels_after_upload"] = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#labels tbody tr")]
    driver.save_screenshot(f"{shots}/scan-after-upload.png")

    # Retry the dead job from the overview
    load(f"/projects/{project}")
    click_fresh("button.retry")
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#queue-jobs .state-dead"))
    seen["dead_jobs_after_retry"] = len(driver.find_elements(By.CSS_SELECTOR, "#queue-jobs .state-dead"))

    # Close the open round (train now on the labels there are)
    click_fresh("button.close-round")
    wait.until(lambda d: d.current_url.endswith(f"/projects/{project}")
               and not d.find_elements(By.CSS_SELECTOR, "button.close-round"))
    seen["round_1_state"] = driver.find_element(By.CSS_SELECTOR, '#rounds li[data-round="1"] .state').text
    driver.save_screenshot(f"{shots}/overview-after-actions.png")

    # 20,000 scans: the map page loads and draws them (measured, reported)
    load(f"/projects/{big}/map")
    canvas = driver.find_element(By.ID, "map")
    wait.until(lambda d: canvas.get_attribute("data-ready") == "true")
    seen["big_map_ready_ms"] = int(canvas.get_attribute("data-ready-at"))
    seen["big_map_load_ms"] = load_ms()
    seen["big_map_points"] = int(canvas.get_attribute("data-count"))
    driver.save_screenshot(f"{shots}/map-20000.png")
    load(f"/projects/{big}")
    seen["big_overview_ms"] = load_ms()
    load("/")
    seen["big_projects_ms"] = load_ms()
finally:
    driver.quit()

print(json.dumps(seen))
