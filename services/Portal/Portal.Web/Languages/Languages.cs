using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Portal.Web.Languages;

/// <summary>
/// German first; every page also in English; the public course finder in the languages of the largest groups who need
/// German courses in a city like Duisburg. <c>?lang=</c> chooses, a cookie remembers.
/// </summary>
public static class Languages
{
    public const string Default = "de";
    public const string QueryKey = "lang";
    public const string CookieName = "matching-lang";

    /// <summary>Each language by its code, with its own name for itself (a switch reads best in the language it offers).</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> All =
    [
        ("de", "Deutsch"), ("en", "English"), ("tr", "Türkçe"), ("ar", "العربية"), ("uk", "Українська"), ("bg", "Български"), ("ro", "Română"),
    ];

    /// <summary>The role pages: German and English.</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> Staff = [("de", "Deutsch"), ("en", "English")];

    public static bool IsRightToLeft => CultureInfo.CurrentUICulture.TextInfo.IsRightToLeft;

    public static string Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public static IServiceCollection AddLanguages(this IServiceCollection services)
    {
        services.AddLocalization(localization => localization.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = All.Select(language => new CultureInfo(language.Code)).ToList();
            options.DefaultRequestCulture = new RequestCulture(Default);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = true;
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = QueryKey, UIQueryStringKey = QueryKey },
                new CookieRequestCultureProvider { CookieName = CookieName },
            ];
        });
        return services;
    }

    /// <summary>The language of the request; a valid <c>?lang=</c> is remembered for the next pages.</summary>
    public static IApplicationBuilder UseLanguages(this IApplicationBuilder app)
    {
        app.UseRequestLocalization();
        return app.Use((http, next) =>
        {
            var asked = http.Request.Query[QueryKey].ToString();
            if (All.Any(language => language.Code == asked))
                http.Response.Cookies.Append(CookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(asked)), new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = http.Request.IsHttps,
                    MaxAge = TimeSpan.FromDays(365),
                    IsEssential = true,
                });
            return next(http);
        });
    }
}
