using Portal.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();

var app = builder.Build();
app.UsePortal();
app.MapPortal();
app.Run();

public partial class Program;
