using System.Net.Sockets;
using System.Text;

namespace Matching.FaultTests;

/// <summary>HTTP/1.1 over a bare socket, to see what a service answers to a body it refuses while the body is still coming.</summary>
public static class RawHttp
{
    /// <returns>The status code and the media type of the answer.</returns>
    public static async Task<(int Status, string? ContentType)> SendAsync(int port, string method, string path, byte[] body, bool chunked,
        string token)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var head = $"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n" +
            (chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {body.Length}\r\n") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        var upload = Task.Run(async () =>
        {
            try
            {
                for (var offset = 0; offset < body.Length; offset += 64 * 1024)
                {
                    var part = body.AsMemory(offset, Math.Min(64 * 1024, body.Length - offset));
                    if (chunked) await stream.WriteAsync(Encoding.ASCII.GetBytes($"{part.Length:X}\r\n"));
                    await stream.WriteAsync(part);
                    if (chunked) await stream.WriteAsync("\r\n"u8.ToArray());
                }

                if (chunked) await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
            }
            catch (IOException) { } // the service stopped reading: expected
        });

        var answer = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0) break;
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        client.Close();
        await upload;
        var lines = answer.ToString().Split("\r\n");
        var status = lines[0].Split(' ') is [_, var code, ..] && int.TryParse(code, out var parsed) ? parsed : 0;
        var contentType = lines.FirstOrDefault(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?["Content-Type:".Length..].Split(';')[0].Trim();
        return (status, contentType);
    }
}
