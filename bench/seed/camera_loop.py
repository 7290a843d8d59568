"""The seed's camera loop (healeycodes/Raspberry-Pi-Live-Cam camera.py design): capture a frame, then one blocking
requests.post of the JPEG bytes per frame, forever.

Capture here reads the same MJPEG stream the device gets (an ffmpeg child with the given input arguments, stream
copy), split at each JPEG end marker, so both designs move the same frames.
Usage: python3 camera_loop.py <url> <ffmpeg input args...>   (SIGTERM stops it and prints "posted=N failed=M")
"""
import signal
import subprocess
import sys

import requests

EOI = b"\xff\xd9"
MAX_FRAME = 16 * 1024 * 1024


def frames(stream):
    buffer = bytearray()
    search_from = 0
    while True:
        chunk = stream.read1(65536)
        if not chunk:
            return
        buffer += chunk
        while True:
            end = buffer.find(EOI, search_from)
            if end < 0:
                # A marker may straddle two reads: look again from one byte back.
                search_from = max(0, len(buffer) - 1)
                if len(buffer) > MAX_FRAME:
                    raise ValueError(f"no JPEG end marker in {len(buffer)} bytes; input is not MJPEG")
                break
            frame = bytes(buffer[: end + 2])
            del buffer[: end + 2]
            search_from = 0
            yield frame


def main():
    url = sys.argv[1]
    ffmpeg = subprocess.Popen(
        ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", *sys.argv[2:], "-an", "-c:v", "copy", "-f", "mjpeg", "-"],
        stdout=subprocess.PIPE,
    )
    posted = failed = 0

    def stop(*_):
        ffmpeg.terminate()
        print(f"posted={posted} failed={failed}", flush=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    for frame in frames(ffmpeg.stdout):
        try:
            # The seed posts with a fresh requests.post per frame (no session): one TCP connection per frame.
            response = requests.post(url, data=frame, timeout=5)
            if response.ok:
                posted += 1
                if posted == 1:
                    print("first frame posted", flush=True)
            else:
                failed += 1
        except requests.RequestException:
            failed += 1
    print(f"posted={posted} failed={failed} (capture ended, ffmpeg exit {ffmpeg.wait()})", flush=True)


if __name__ == "__main__":
    main()
