var classicLoaded = true;
