// The original source (not run): dist/sw.js and its map stand for what a
// bundler would emit. Line 11 column 5 is where the map says the throw is.
