// A file over the size limit is refused before it is sent: the server would refuse it too, but only after the whole upload.
document.querySelectorAll("form[data-upload]").forEach((form) => {
  const max = Number(form.dataset.maxBytes || 0);
  const error = form.querySelector("[data-upload-error]");
  form.addEventListener("submit", (event) => {
    const file = form.querySelector("input[type=file]").files[0];
    if (file && max && file.size > max) {
      event.preventDefault();
      error.textContent = `The file is ${Math.round(file.size / 1048576)} MB; files up to ${Math.round(max / 1048576)} MB can be added.`;
      error.hidden = false;
      return;
    }
    const button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
      button.textContent = "Reading the file…";
    }
  });
});
