using Courses.Api.Courses;
using Matching.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("courses");
builder.Services.AddCourses();

var app = builder.Build();
app.UseServiceDefaults(typeof(Program).Assembly);
app.MapCourses();
app.Run();

public partial class Program;
