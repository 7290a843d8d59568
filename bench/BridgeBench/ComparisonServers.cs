namespace BridgeBench;

/// <summary>The two servers the bridge is compared with: nginx serving a static file, and the original design.</summary>
internal static class ComparisonServers
{
    /// <summary>nginx with a static copy of the frame (sendfile, keep-alive), one worker per core.</summary>
    public static async Task<ExternalProcess> StartNginxAsync(string directory, byte[] jpeg, int port)
    {
        Directory.CreateDirectory(Path.Combine(directory, "html"));
        Directory.CreateDirectory(Path.Combine(directory, "logs"));
        await File.WriteAllBytesAsync(Path.Combine(directory, "html", "live.jpeg"), jpeg);
        var config = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            daemon off;
            master_process on;
            worker_processes auto;
            user root;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/logs/error.log warn;
            events { worker_connections 4096; multi_accept on; }
            http {
              access_log off;
              sendfile on;
              tcp_nopush on;
              keepalive_requests 1000000;
              types { image/jpeg jpeg; }
              client_body_temp_path {{directory}}/tmp;
              proxy_temp_path {{directory}}/tmp;
              fastcgi_temp_path {{directory}}/tmp;
              uwsgi_temp_path {{directory}}/tmp;
              scgi_temp_path {{directory}}/tmp;
              server {
                listen 127.0.0.1:{{port}};
                root {{directory}}/html;
                location = /live.jpeg { add_header Cache-Control no-cache; }
              }
            }
            """);
        Directory.CreateDirectory(Path.Combine(directory, "tmp"));
        var nginx = ExternalProcess.Start("/usr/sbin/nginx", ["-c", config, "-p", directory]);
        await ExternalProcess.WaitForPortAsync(port, TimeSpan.FromSeconds(10));
        return nginx;
    }

    /// <summary>
    /// The original live-cam design, rewritten minimally for the comparison: Flask, the latest JPEG as a BLOB in a
    /// one-row SQLite table, a connection opened per request, served by gunicorn threads
    /// (apt-get install python3-flask gunicorn).
    /// </summary>
    public static async Task<ExternalProcess> StartFlaskAsync(string directory, byte[] jpeg, int port)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllBytesAsync(Path.Combine(directory, "frame.jpeg"), jpeg);
        await File.WriteAllTextAsync(Path.Combine(directory, "livecam.py"), """
            import os
            import sqlite3
            from flask import Flask, Response

            DB = os.path.join(os.path.dirname(__file__), "global.db")

            def _seed():
                con = sqlite3.connect(DB)
                con.execute("CREATE TABLE IF NOT EXISTS frame (id INTEGER PRIMARY KEY, image BLOB)")
                with open(os.path.join(os.path.dirname(__file__), "frame.jpeg"), "rb") as f:
                    con.execute("INSERT OR REPLACE INTO frame (id, image) VALUES (1, ?)", (f.read(),))
                con.commit()
                con.close()

            _seed()
            app = Flask(__name__)

            @app.get("/live.jpeg")
            def live():
                con = sqlite3.connect(DB)
                try:
                    row = con.execute("SELECT image FROM frame WHERE id = 1").fetchone()
                finally:
                    con.close()
                return Response(row[0], mimetype="image/jpeg")
            """);
        var workers = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var gunicorn = ExternalProcess.Start(
            "/usr/bin/gunicorn",
            ["--chdir", directory, "-w", workers, "-k", "gthread", "--threads", "8", "-b", $"127.0.0.1:{port}", "--log-level", "warning", "livecam:app"],
            directory);
        await ExternalProcess.WaitForPortAsync(port, TimeSpan.FromSeconds(20));
        return gunicorn;
    }
}
