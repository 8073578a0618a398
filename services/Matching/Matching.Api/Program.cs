using Matching.Api;
using Matching.Api.Matches;
using Matching.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("matching", bus => bus.AddProjections());
builder.Services.AddMatching();

var app = builder.Build();
app.UseServiceDefaults(typeof(Program).Assembly);
app.MapMatches();
app.Run();

public partial class Program;
