using Courses.Api.Courses;
using Courses.Api.Reservations;
using Matching.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("courses", bus => bus.AddConsumer<SeatReservationConsumer>());
builder.Services.AddCourses();
builder.Services.AddSeatReservations();

var app = builder.Build();
app.UseServiceDefaults(typeof(Program).Assembly);
app.MapCourses();
app.Run();

public partial class Program;
