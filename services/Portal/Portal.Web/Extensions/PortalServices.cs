using Microsoft.AspNetCore.HttpOverrides;
using Portal.Web.Apis;
using Portal.Web.Languages;
using Portal.Web.Security;
using Serilog;
using Serilog.Events;

namespace Portal.Web.Extensions;

/// <summary>Everything the portal is made of, wired in one place: logs, sign-in, languages, the API clients and the pages.</summary>
public static class PortalServices
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        // The stylesheet, wherever the portal is started from: published, it lies beside the dll; built, the build's
        // static web assets manifest points to the project's wwwroot (in every environment, not only Development).
        var published = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(published)) builder.WebHost.UseWebRoot(published);
        else builder.WebHost.UseStaticWebAssets();
        builder.Services.AddSerilog((_, logger) => logger.ReadFrom.Configuration(builder.Configuration)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .Enrich.WithProperty("Service", "portal")
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Service} {Message:lj}{NewLine}{Exception}"));
        builder.Services.AddSignIn(builder.Configuration);
        builder.Services.AddLanguages();
        builder.Services.AddApis(builder.Configuration);
        builder.Services.AddReportsApi(builder.Configuration);
        builder.Services.AddHealthChecks();
        builder.Services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/Provider", SignIn.ProviderPolicy);
            pages.Conventions.AuthorizeFolder("/Caseworker", SignIn.CaseworkerPolicy);
            pages.Conventions.AuthorizeFolder("/Employer", SignIn.EmployerPolicy);
            pages.Conventions.AuthorizeFolder("/Coordinator", SignIn.CoordinatorPolicy);
        }).AddViewLocalization();
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "matching-portal-antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return builder;
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto });
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseExceptionHandler("/error/500");
        app.UseStaticFiles();
        app.UseLanguages();
        app.UseRouting();
        app.UseAuthentication();
        app.UseSessionRenewal();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        app.MapHealthChecks("/health/live").AllowAnonymous();
        app.MapHealthChecks("/health/ready").AllowAnonymous();
        app.MapSignIn();
        app.MapRazorPages();
        return app;
    }
}
