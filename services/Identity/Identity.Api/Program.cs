using Identity.Api;
using Identity.Api.Accounts;
using Identity.Api.Connect;
using Identity.Api.Seeding;

var builder = WebApplication.CreateBuilder(args);
var settings = IdentitySettings.From(builder.Configuration);
builder.AddIdentityHost(settings);
builder.Services.AddSignIn(settings);
builder.Services.AddOpenIdServer(settings);
builder.Services.AddSeeding();

var app = builder.Build();
app.UseIdentityHost(typeof(Program).Assembly);
await app.SeedAsync();
app.MapSignIn();
app.MapConnect();
app.Run();

public partial class Program;
