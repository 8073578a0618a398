using Matching.Api;
using Matching.Api.Allocations;
using Matching.Api.Matches;
using Matching.Api.Placements;
using Matching.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("matching", bus => bus.AddProjections().AddPlacementReplies());
builder.Services.AddMatching();
builder.Services.AddPlacements(builder.Configuration);

var app = builder.Build();
app.UseServiceDefaults(typeof(Program).Assembly);
app.MapMatches();
app.MapAllocations();
app.MapPlacements();
app.Run();

public partial class Program;
