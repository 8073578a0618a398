using Employers.Api;
using Employers.Api.Agreements;
using Employers.Api.Openings;
using Matching.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("employers");
builder.Services.AddEmployers();

var app = builder.Build();
app.UseServiceDefaults(typeof(Program).Assembly);
app.MapOpenings();
app.MapAgreements();
app.Run();

public partial class Program;
