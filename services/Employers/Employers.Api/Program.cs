using Employers.Api.Agreements;
using Employers.Api.Openings;
using Employers.Api.Positions;
using Employers.Api.Privacy;
using Matching.Contracts;
using Matching.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("employers", bus => bus.AddPositionReservations().AddErasure(),
    publishes: [typeof(OpeningPosted), typeof(OpeningPositionsChanged), typeof(OpeningClosed), typeof(AgreementSigned), typeof(AgreementQuotaChanged),
        typeof(PositionHeld), typeof(PositionRefused), typeof(PositionReleased), typeof(PlacementsErased)]);
builder.Services.AddOpenings();
builder.Services.AddAgreements();

var app = builder.Build();
app.UseServiceDefaults(typeof(Program).Assembly);
app.MapOpenings();
app.MapAgreements();
app.Run();

public partial class Program;
