"""A video file of QR codes for Chromium's fake camera (--use-file-for-fake-video-capture)."""

from pathlib import Path

import segno
from PIL import Image

WIDTH, HEIGHT, FPS = 640, 480, 10


def _frame(text: str | None) -> bytes:
    """One Y4M 4:2:0 frame: the QR code of `text` centred on white (blank without text)."""
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    if text:
        qr = segno.make(text, error="m")
        scale = 300 // qr.symbol_size(border=4)[0]
        size = qr.symbol_size(scale=scale, border=4)[0]
        pixels = bytes(
            0 if dark else 255 for row in qr.matrix_iter(scale=scale, border=4) for dark in row
        )
        corner = ((WIDTH - size) // 2, (HEIGHT - size) // 2)
        image.paste(Image.frombytes("L", (size, size), pixels), corner)
    chroma = bytes([128]) * (WIDTH // 2 * HEIGHT // 2)
    return b"FRAME\n" + image.tobytes() + chroma + chroma


def write_qr_video(path: Path, texts: list[str], seconds_each: float = 2.0) -> Path:
    """A Y4M video showing each text's QR code in turn, a blank second after each; Chromium
    plays it in a loop."""
    frames = []
    for text in texts:
        frames += [_frame(text)] * int(seconds_each * FPS)
        frames += [_frame(None)] * FPS
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + b"".join(frames))
    return path
