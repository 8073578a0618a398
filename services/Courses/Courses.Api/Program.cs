using Courses.Api.Courses;
using Courses.Api.Reservations;
using Courses.Api.Privacy;
using Matching.Contracts;
using Matching.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("courses", bus => bus.AddSeatReservations().AddErasure(),
    publishes: [typeof(CoursePublished), typeof(CourseSeatsChanged), typeof(CourseWithdrawn), typeof(SeatReserved), typeof(SeatRefused), typeof(SeatReleased), typeof(PlacementsErased)]);
builder.Services.AddCourses();

var app = builder.Build();
app.UseServiceDefaults(typeof(Program).Assembly);
app.MapCourses();
app.MapSeatReservations();
app.Run();

public partial class Program;
