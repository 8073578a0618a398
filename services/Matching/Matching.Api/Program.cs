using Matching.Api.Allocations;
using Matching.Api.Matches;
using Matching.Api.Placements;
using Matching.Api.Projections;
using Matching.Contracts;
using Matching.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("matching", bus => bus.AddProjections().AddPlacementReplies(),
    publishes: [typeof(ReserveSeat), typeof(ReleaseSeat), typeof(HoldPosition), typeof(ReleasePosition)]);
builder.Services.AddCatalog();
builder.Services.AddMatches();
builder.Services.AddAllocations();
builder.Services.AddPlacements(builder.Configuration);

var app = builder.Build();
app.UseServiceDefaults(typeof(Program).Assembly);
app.MapMatches();
app.MapWhyNot();
app.MapAllocations();
app.MapPlacements();
app.Run();

public partial class Program;
