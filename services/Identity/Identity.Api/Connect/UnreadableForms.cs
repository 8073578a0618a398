namespace Identity.Api.Connect;

/// <summary>
/// A form the OpenID Connect endpoints cannot even read (a NUL in a value, a body too large) would throw deep
/// inside OpenIddict and end as a 500. Read first here, it gets the answer OpenIddict gives any malformed request:
/// OAuth's error JSON. A form read here is kept for OpenIddict, so nothing is read twice.
/// </summary>
public static class UnreadableForms
{
    public static IApplicationBuilder UseUnreadableFormsAsOAuthErrors(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Path.StartsWithSegments("/connect") && http.Request.HasFormContentType)
        {
            try
            {
                await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (Exception exception) when (exception is InvalidDataException or Microsoft.AspNetCore.Http.BadHttpRequestException)
            {
                http.Response.StatusCode = exception is Microsoft.AspNetCore.Http.BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
                await http.Response.WriteAsJsonAsync(new Dictionary<string, string>
                {
                    ["error"] = "invalid_request",
                    ["error_description"] = "The request body is not a form that can be read.",
                });
                return;
            }
        }

        await next(http);
    });
}
