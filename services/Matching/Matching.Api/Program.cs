using Matching.Api.Allocations;
using Matching.Api.Matches;
using Matching.Api.Placements;
using Matching.Api.Privacy;
using Matching.Api.Projections;
using Matching.Api.Reports;
using Matching.Api.Telemetry;
using Matching.Contracts;
using Matching.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("matching", bus => bus.AddProjections().AddPlacementReplies().AddErasureConfirmations(),
    publishes: [typeof(ReserveSeat), typeof(ReleaseSeat), typeof(HoldPosition), typeof(ReleasePosition), typeof(ErasePlacements)]);
builder.Services.AddCatalog();
builder.Services.AddMatches();
builder.Services.AddAllocations();
builder.Services.AddPlacements(builder.Configuration);
builder.Services.AddReports(builder.Configuration);
builder.Services.AddPrivacy(builder.Configuration);
builder.Services.AddMatchingMetrics();

var app = builder.Build();
app.UseServiceDefaults(typeof(Program).Assembly);
app.MapMatches();
app.MapWhyNot();
app.MapCourseFinder();
app.MapAllocations();
app.MapPlacements();
app.MapReports();
app.MapPrivacy();
app.Run();

public partial class Program;
