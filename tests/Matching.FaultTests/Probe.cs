using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Matching.FaultTests;

/// <summary>One request of the fuzz run and the answers a correct service may give to it.</summary>
/// <param name="Valid">A request a user could rightly make: it must succeed with one of <paramref name="Expected"/>.
/// An invalid one must be refused with a 4xx and change nothing; only one that names another organisation than the caller's
/// may get a 403, and only where <paramref name="Expected"/> says so.</param>
/// <param name="Answered">Lets the sender's model follow what a valid request changed.</param>
public sealed record Probe(
    string Service,
    HttpMethod Method,
    string Path,
    byte[]? Body,
    string? ContentType,
    bool Valid,
    HttpStatusCode[] Expected,
    string What,
    Action<JsonNode?>? Answered = null)
{
    public static readonly HttpStatusCode[] Refused =
    [
        HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed, HttpStatusCode.Conflict,
        HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.RequestUriTooLong, HttpStatusCode.UnsupportedMediaType,
    ];

    public static Probe Json(string service, HttpMethod method, string path, string body, bool valid, HttpStatusCode[] expected,
        string what, Action<JsonNode?>? answered = null) =>
        new(service, method, path, Encoding.UTF8.GetBytes(body), "application/json", valid, expected, what, answered);

    public static Probe Get(string service, string path, bool valid, HttpStatusCode[] expected, string what) =>
        new(service, HttpMethod.Get, path, null, null, valid, expected, what);

    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(Method, Path);
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            // As curl does for large bodies: the service can refuse before the body is sent, instead of cutting the upload off.
            if (Body.Length > 1024 * 1024) request.Headers.ExpectContinue = true;
        }

        return request;
    }

    public override string ToString()
    {
        var body = Body is null ? "" : Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 300));
        return $"{Service} {Method} {(Path.Length > 200 ? Path[..200] + "…" : Path)} ({What}, {Body?.Length ?? 0} bytes): {body}";
    }
}
