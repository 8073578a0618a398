using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Portal.Web.Security;

namespace Portal.Web.Apis;

/// <summary>One typed client per API. The signed-in ones send the person's own access token and nothing else.</summary>
public static class ApiClients
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IServiceCollection AddApis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpContextAccessor();
        services.AddTransient<PersonsToken>();
        services.AddHttpClient<FinderApi>(client => client.BaseAddress = Address(configuration, "Matching"));
        services.AddHttpClient<CoursesApi>(client => client.BaseAddress = Address(configuration, "Courses")).AddHttpMessageHandler<PersonsToken>();
        services.AddHttpClient<EmployersApi>(client => client.BaseAddress = Address(configuration, "Employers")).AddHttpMessageHandler<PersonsToken>();
        services.AddHttpClient<MatchingApi>(client => client.BaseAddress = Address(configuration, "Matching")).AddHttpMessageHandler<PersonsToken>();
        return services;
    }

    private static Uri Address(IConfiguration configuration, string service) =>
        new(configuration[$"Services:{service}"] ?? throw new InvalidOperationException($"Services:{service} is not set"));

    /// <summary>The answer, or the status with the problem details the API gave (field → messages).</summary>
    public static async Task<Answer<T>> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NoContent) return new Answer<T>((int)response.StatusCode, default, Problem.None);
            if (response.IsSuccessStatusCode)
                return new Answer<T>((int)response.StatusCode, await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken), Problem.None);
            var problem = response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json"
                ? await response.Content.ReadFromJsonAsync<Problem>(Json, cancellationToken) ?? Problem.None
                : Problem.None;
            return new Answer<T>((int)response.StatusCode, default, problem);
        }
    }
}

/// <summary>What an API answered: the value on success, otherwise the status and its problem details.</summary>
public sealed record Answer<T>(int Status, T? Value, Problem Problem)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

public sealed record Problem(string? Title, Dictionary<string, string[]>? Errors)
{
    public static readonly Problem None = new(null, null);

    public bool Names(string field) => Errors?.Keys.Any(key => key == field || key.StartsWith(field + ".", StringComparison.Ordinal)) == true;
}

/// <summary>Puts the signed-in person's access token on each request; a 401 means it ran out (<see cref="SessionExpiredException"/>).</summary>
public sealed class PersonsToken(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var http = accessor.HttpContext ?? throw new InvalidOperationException("An API is called as a person only while a page is answered");
        var token = await http.GetTokenAsync("access_token") ?? throw new SessionExpiredException();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw new SessionExpiredException();
        }

        return response;
    }
}
