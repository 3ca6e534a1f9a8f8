})(); // closes the function 00-start.js opens
