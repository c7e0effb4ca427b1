module.exports = (name) => `Hello from ${name}`;
