answerWithPath();
