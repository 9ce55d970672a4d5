#!/usr/bin/env python3
"""The hands of the web front's tests: Debian's Chromium, headless, driven by Selenium
through Debian's chromedriver (nothing is downloaded: Selenium Manager is kept offline
and both paths are given). The Swift test sends one JSON request per line on a loopback
socket whose port this prints first ("PORT n"), and gets one JSON answer per line:

  {"op": "get", "url": U}                 load a page
  {"op": "type", "id": I, "text": T}       type into the element with that id
  {"op": "click", "id": I}                 click it
  {"op": "move", "id": I, "fx": X, "fy": Y, "buttons": B}
                                           move the real mouse to that fraction of the
                                           element from its top left (B: "down"/"up")
  {"op": "js", "expr": E}                  the value of `return E` in the page
  {"op": "screenshot", "path": P}          save the window as a PNG

Answers are {"ok": true, "value": V} or {"ok": false, "error": S}. A missing browser,
driver or Selenium fails at once with a non-zero exit: nothing is skipped.
"""
import json
import os
import signal
import socket
import sys

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def fail(message):
    print(f"FAIL {message}", flush=True)
    sys.exit(2)


for path in (CHROMIUM, CHROMEDRIVER):
    if not os.access(path, os.X_OK):
        fail(f"{path} is missing: apt-get install chromium chromium-driver")
os.environ["SE_OFFLINE"] = "true"
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
except ImportError as error:
    fail(f"selenium is missing ({error}): pip install selenium")

options = webdriver.ChromeOptions()
options.binary_location = CHROMIUM
for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1280,900", "--no-first-run", "--disable-extensions",
                 "--disable-background-networking", "--disable-component-update"):
    options.add_argument(argument)
driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))


def quit_driver(*_):
    try:
        driver.quit()
    finally:
        os._exit(0)


signal.signal(signal.SIGTERM, quit_driver)


def move(request):
    element = driver.find_element(By.ID, request["id"])
    size = element.size
    dx = int(size["width"] * (request["fx"] - 0.5))
    dy = int(size["height"] * (request["fy"] - 0.5))
    chain = ActionChains(driver).move_to_element_with_offset(element, dx, dy)
    if request.get("buttons") == "down":
        chain = chain.click_and_hold()
    elif request.get("buttons") == "up":
        chain = chain.release()
    chain.perform()


def answer(request):
    op = request["op"]
    if op == "get":
        driver.get(request["url"])
    elif op == "type":
        element = driver.find_element(By.ID, request["id"])
        element.clear()
        element.send_keys(request["text"])
    elif op == "click":
        driver.find_element(By.ID, request["id"]).click()
    elif op == "move":
        move(request)
    elif op == "js":
        return driver.execute_script("return " + request["expr"])
    elif op == "screenshot":
        driver.save_screenshot(request["path"])
    else:
        raise ValueError(f"unknown op {op!r}")
    return None


listener = socket.create_server(("127.0.0.1", 0))
print(f"PORT {listener.getsockname()[1]}", flush=True)
connection, _ = listener.accept()
listener.close()
with connection, connection.makefile("rwb") as stream:
    for line in stream:
        try:
            reply = {"ok": True, "value": answer(json.loads(line))}
        except Exception as error:  # every failure is the test's to report
            reply = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        stream.write(json.dumps(reply).encode() + b"\n")
        stream.flush()
quit_driver()
