/*
 * The ceiling for the device's passthrough (docs/benchmarks.md, issue 14): the least a libmosquitto-based
 * publisher of an MJPEG pipe costs. Reads stdin with plain read(2), cuts frames at SOI (FF D8) .. EOI (FF D9)
 * found with memchr (no marker walk: enough for ffmpeg's stream-copied frames, not a general splitter), and
 * publishes each frame retained at QoS 0 with mosquitto_publish; libmosquitto's loop thread does the socket
 * writes, as in the device.
 *
 *   mjpeg-publish HOST PORT TOPIC < stream.mjpeg
 */
#include <mosquitto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { BufferSize = 4 << 20, ReadSize = 256 << 10 };

/* Offset of the first FF followed by `second` in [from, end), or -1. */
static long find_marker(const unsigned char *buf, long from, long end, unsigned char second)
{
    while (from < end - 1) {
        const unsigned char *ff = memchr(buf + from, 0xFF, (size_t)(end - 1 - from));
        if (ff == NULL)
            return -1;
        from = ff - buf;
        if (buf[from + 1] == second)
            return from;
        from++;
    }
    return -1;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s HOST PORT TOPIC < stream.mjpeg\n", argv[0]);
        return 2;
    }
    mosquitto_lib_init();
    struct mosquitto *mosq = mosquitto_new(NULL, true, NULL);
    if (mosq == NULL || mosquitto_connect(mosq, argv[1], atoi(argv[2]), 30) != MOSQ_ERR_SUCCESS
        || mosquitto_loop_start(mosq) != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "cannot connect to %s:%s\n", argv[1], argv[2]);
        return 1;
    }

    unsigned char *buf = malloc(BufferSize);
    long filled = 0, start = -1, scanned = 0;
    unsigned long frames = 0;
    for (;;) {
        if (filled + ReadSize > BufferSize) {
            /* Keep only the unfinished frame (or nothing) at the front. */
            long keep = start < 0 ? 0 : filled - start;
            if (keep + ReadSize > BufferSize)
                keep = 0; /* oversize frame: drop it */
            memmove(buf, buf + filled - keep, (size_t)keep);
            scanned = start < 0 || keep == 0 ? 0 : scanned - start;
            start = keep == 0 ? -1 : 0;
            filled = keep;
        }
        ssize_t n = read(STDIN_FILENO, buf + filled, ReadSize);
        if (n <= 0)
            break;
        filled += n;
        for (;;) {
            if (start < 0) {
                start = find_marker(buf, scanned, filled, 0xD8);
                if (start < 0) {
                    scanned = filled > 0 ? filled - 1 : 0;
                    break;
                }
                scanned = start + 2;
            }
            long eoi = find_marker(buf, scanned, filled, 0xD9);
            if (eoi < 0) {
                scanned = filled - 1;
                break;
            }
            int rc = mosquitto_publish(mosq, NULL, argv[3], (int)(eoi + 2 - start), buf + start, 0, true);
            if (rc != MOSQ_ERR_SUCCESS)
                fprintf(stderr, "publish: %s\n", mosquitto_strerror(rc));
            frames++;
            scanned = eoi + 2;
            start = -1;
        }
        if (start < 0 && scanned == filled) {
            filled = scanned = 0;
        }
    }
    fprintf(stderr, "%lu frames\n", frames);
    mosquitto_disconnect(mosq);
    mosquitto_loop_stop(mosq, false);
    mosquitto_destroy(mosq);
    mosquitto_lib_cleanup();
    free(buf);
    return 0;
}
