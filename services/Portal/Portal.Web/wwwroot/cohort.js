// While the optimiser works, the cohort form says so and counts down its time limit; without script the button's
// page simply loads for that long, and the notice beside it says how long that may be.
(() => {
  const form = document.querySelector("form[data-working-form]");
  if (!form) return;
  form.addEventListener("submit", () => {
    const button = form.querySelector("[data-working-button]");
    const notice = document.getElementById("working");
    const limit = Math.max(1, parseInt(form.querySelector("#timeLimitSeconds")?.value, 10) || 10);
    const started = Date.now();
    const show = () => {
      const left = Math.max(0, limit - Math.floor((Date.now() - started) / 1000));
      notice.textContent = notice.dataset.workingText.replace("{0}", String(limit)).replace("{1}", String(left));
    };
    show();
    setInterval(show, 1000);
    // Disabled only after the form's data was taken, so the submit still goes out.
    setTimeout(() => { button.disabled = true; button.setAttribute("aria-busy", "true"); }, 0);
  });
})();
