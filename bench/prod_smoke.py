"""Smoke test of a running production server: N browsers (4 at a time) each log in and out 3 times.

Usage: python bench/prod_smoke.py http://127.0.0.1:3000 4   (needs the demo data)
"""
import sys, time, concurrent.futures as cf
from playwright.sync_api import sync_playwright
URL = sys.argv[1]; N = int(sys.argv[2])
ARGS = ["--headless","--no-sandbox","--disable-gpu","--disable-background-networking","--disable-component-update","--disable-sync"]
def one(i):
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        pg = b.new_page()
        ok = 0
        for _ in range(3):
            pg.goto(URL + "/login")
            pg.locator("#username").fill("demo_jiance"); pg.locator("#password").fill("Demo@2026")
            pg.locator("#login-submit").click()
            pg.wait_for_url("**/institution", timeout=20000)
            pg.locator("#institution-name").wait_for(timeout=20000)
            ok += 1
            pg.locator("#nav-logout").click(); pg.wait_for_timeout(300)
        b.close(); return ok
t=time.time()
with cf.ThreadPoolExecutor(4) as ex:
    res = list(ex.map(one, range(N)))
print("logins ok:", sum(res), "of", 3*N, "in", round(time.time()-t,1), "s")
