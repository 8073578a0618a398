using Employers.Api;
using Employers.Api.Agreements;
using Employers.Api.Openings;
using Employers.Api.Positions;
using Matching.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("employers", bus => bus.AddConsumer<PositionHoldConsumer>());
builder.Services.AddEmployers();

var app = builder.Build();
app.UseServiceDefaults(typeof(Program).Assembly);
app.MapOpenings();
app.MapAgreements();
app.Run();

public partial class Program;
