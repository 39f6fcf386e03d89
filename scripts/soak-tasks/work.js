// Soak task: a few milliseconds of work; fails one time in ten.
module.exports = async (payload) => {
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
  if (Math.random() < 0.1) throw new Error(`soak failure (item ${payload.i})`);
};
