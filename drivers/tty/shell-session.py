#!/usr/bin/env python3
"""shell-session.py -- the console as a person uses it: boots tty-vfs.cfg with init running the
shell (args sh), types on COM1 through a pipe (realtime clock), and checks what the console
shows: erase (DEL), kill (^U), ^C ending a foreground sleep, a 305-character line, a line
longer than the 4096-byte line buffer (4095 characters kept, a bell per dropped one), ^D ending cat's input, `service update
tty` and `service restart tty` with the shell still answering afterwards.

    drivers/tty/shell-session.py        (after make -C servers, drivers, commands)

Prints the console output (CR shown as \\r) and one line "shell-session: N passed, M failed";
exits with M.
"""
import glob, os, re, shutil, subprocess, sys, tempfile, threading, time

root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
jar = os.path.join(root, "minix-emu", "target", "minix-emu.jar")
work = tempfile.mkdtemp()
cfg = os.path.join(work, "boot.cfg")
img = os.path.join(work, "sh.img")
with open(os.path.join(root, "drivers", "tty", "tty-vfs.cfg")) as f:
    text = re.sub(r"(?m)^    args .*$", "    args sh", f.read())
with open(cfg, "w") as f:
    f.write(text)
S, D, C = (os.path.join(root, d, "target") for d in ("servers", "drivers", "commands"))
programs = [os.path.join(S, n) for n in ("pm.elf", "vm.elf", "rs.elf", "ds.elf", "vfs.elf")]
programs += [os.path.join(D, n) for n in ("memory.elf", "tty.elf")]
programs += [p for p in sorted(glob.glob(os.path.join(C, "*.elf")))
             if os.path.basename(p) not in ("badelf.elf", "ds.elf")]
subprocess.run(["java", "-jar", jar, "image", "build", "--config", cfg, "--out", img] + programs,
               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

p = subprocess.Popen(["java", "-jar", jar, "boot", img, "--clock", "realtime", "--timeout", "90"],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
out = bytearray()

def reader():
    while True:
        b = p.stdout.read1(4096)
        if not b:
            break
        out.extend(b)

threading.Thread(target=reader, daemon=True).start()

def wait_for(s, t=30.0):
    end = time.time() + t
    while time.time() < end:
        if s in out:
            return True
        time.sleep(0.1)
    return False

def send(b, pause=1.5):
    p.stdin.write(b)
    p.stdin.flush()
    time.sleep(pause)

wait_for(b"# ")
time.sleep(1)
send(b"echo hellx\x7fo world\r")
send(b"ecgarbage\x15echo after kill\r")
send(b"sleep 30\r", 2)
send(b"\x03", 2)
send(b"echo " + b"L" * 300 + b"\r", 2)
send(b"echo " + b"M" * 4200 + b"\r", 3)
send(b"cat\r")
send(b"typed into cat\r")
send(b"\x04", 2)
send(b"service update tty\r", 3)
send(b"service restart tty\r", 3)
send(b"echo typed after the restart\r", 2)
send(b"exit\r", 3)
p.stdin.close()
try:
    p.wait(30)
except subprocess.TimeoutExpired:
    p.kill()
time.sleep(0.5)
sys.stdout.write(out.decode("latin-1").replace("\r", "\\r"))
if not out.endswith(b"\n"):
    sys.stdout.write("\n")
shutil.rmtree(work, ignore_errors=True)

checks = [
    (b"hellx\b \bo world\r\n", "DEL erases, echoed as BS SP BS"),
    (b"\r\nhello world\r\n", "the edited line reaches the shell"),
    (b"\r\nafter kill\r\n", "^U kills the line"),
    (b"sleep 30\r\n^C\r\n", "^C echoed"),
    (b"\r\n" + b"L" * 300 + b"\r\n", "a 305-character line arrives whole"),
    (b"\x07" * 100, "a bell per character past the 4096-byte line buffer"),
    ((b"line too long", b"\r\n" + b"M" * 4090 + b"\r\n"),
     "the shell gets the 4096-byte line (echoes 4090 M, or refuses it past its own limit)"),
    (b"typed into cat\r\ntyped into cat\r\n", "cat echoes a line"),
    (b"rs: tty: updated to tty.elf", "live update"),
    (b"tty: restarted: UARTs re-initialised", "restart"),
    (b"\r\ntyped after the restart\r\n", "the shell answers after the restart"),
    (b"init: sh exited", "exit ends the shell"),
]
passed = failed = 0
for want, what in checks:
    if any(w in out for w in (want if isinstance(want, tuple) else (want,))):
        passed += 1
    else:
        failed += 1
        print("FAIL: " + what)
print("shell-session: %d passed, %d failed" % (passed, failed))
sys.exit(failed)
